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
from jiedao.bulletin.services.photos import add_photo, remove_photo

__all__ = [
    "acknowledge_changed_records",
    "add_photo",
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
    "remove_photo",
    "review_article",
    "submit_article",
    "update_article",
]
