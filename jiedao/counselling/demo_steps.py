"""Demo data of the 畅心屋 studio."""

from jiedao.counselling import demo_records  # noqa: F401  (registers its own step)
