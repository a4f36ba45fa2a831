"""The volunteering pages: residents' (phone first), the centre's desk, certificates."""
