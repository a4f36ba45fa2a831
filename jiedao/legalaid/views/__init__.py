"""The pages of 职工法律援助: cases (``cases``), statistics and the reads log (``stats``)."""
