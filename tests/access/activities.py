"""Access rows of the activity and sign-in pages and API (``jiedao/activities``)."""

PAGES: dict = {}
API: dict = {}
