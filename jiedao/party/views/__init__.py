"""The party pages: the offices' (``office``), the 凝新 studio's (``studio``) and a member's own (``mine``)."""
