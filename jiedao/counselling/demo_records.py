"""Demo session records of past appointments (loaded after the booking demo)."""
