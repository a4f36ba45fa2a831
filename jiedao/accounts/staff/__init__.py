"""Staff accounts run by the sub-district admin (docs/security.md, "Staff accounts").

- ``access``: which accounts are staff, and which the admin reaches (404 outside);
- ``roles``: a role's scope and end date, assigning and ending roles;
- ``services``: creating, deactivating and reactivating accounts, re-sending invitations;
- ``links``: the one-time links that set a password (invitation, reset) and their delivery;
- ``reset``: password reset requests, limited per address and per account;
- ``selectors``, ``forms``, ``views``: the pages.
"""
