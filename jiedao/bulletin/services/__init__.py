"""The newsletter's writes (``articles``: drafting, editing, review; ``issues``: placing,
publishing, the print edition)."""

from jiedao.bulletin.services.articles import (
    acknowledge_changed_records,
    draft_article,
    flag_changed_records,
    records_moved_on,
    review_article,
    submit_article,
    update_article,
)
from jiedao.bulletin.services.issues import (
    create_issue,
    move_article,
    next_number,
    place_article,
    print_edition,
    publish_issue,
    remove_article,
)

__all__ = [
    "acknowledge_changed_records",
    "create_issue",
    "draft_article",
    "flag_changed_records",
    "move_article",
    "next_number",
    "place_article",
    "print_edition",
    "publish_issue",
    "records_moved_on",
    "remove_article",
    "review_article",
    "submit_article",
    "update_article",
]
