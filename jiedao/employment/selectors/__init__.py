"""The employment reads: the register (``seekers``), the follow-up list and the rates."""
