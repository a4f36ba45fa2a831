"""The newsletter's pages: ``articles`` and ``issues`` for the offices, ``public`` for
everyone."""
