"""Hostile files built at test time (no binary fixtures): spreadsheets and images
that are wrong, huge, truncated, disguised or booby-trapped."""
