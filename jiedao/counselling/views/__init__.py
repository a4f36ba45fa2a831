"""The 畅心屋 pages: residents and counsellors (``booking``), the offices' set-up
(``setup``) and the confidential records and statistics (``records``)."""
