"""An article's body: a safe subset of HTML, kept on save, and the body a story drafts.

The subset is what a newsletter column needs: paragraphs, lists, emphasis, line breaks.
Everything else (scripts, styles, links, attributes, images: photos have their own rows)
is removed by nh3 (the Rust ammonia sanitiser); a body typed as plain text becomes
paragraphs, one per line.
"""

from html import escape

import nh3

from jiedao.activities.stories import Story

ALLOWED_TAGS = frozenset({"p", "br", "ul", "ol", "li", "strong", "em", "b", "i"})
MAX_BODY_LENGTH = 20_000  # characters of stored HTML; a newsletter page holds ~3 000


def sanitise(html: str) -> str:
    text = html.strip()
    if text and "<" not in text:
        text = "".join(f"<p>{escape(line.strip())}</p>" for line in text.splitlines() if line.strip())
    cleaned: str = nh3.clean(text, tags=set(ALLOWED_TAGS), attributes={}, link_rel=None, strip_comments=True)
    return cleaned.strip()


def story_body(story: Story) -> str:
    """The story's paragraphs as the body's HTML; list items gathered into one list."""
    parts: list[str] = []
    items: list[str] = []
    for paragraph in story.paragraphs:
        if paragraph.item:
            items.append(f"<li>{escape(paragraph.text)}</li>")
            continue
        if items:
            parts.append("<ul>" + "".join(items) + "</ul>")
            items = []
        parts.append(f"<p>{escape(paragraph.text)}</p>")
    if items:
        parts.append("<ul>" + "".join(items) + "</ul>")
    return "".join(parts)
