"""Access rows of the newsletter (``jiedao/bulletin``): published issues are everyone's (no
login); articles are the offices' (edited by the author or the credited office, reviewed by
the credited office or the admin but not the author); issues are put together by the admin
and 党建办."""

from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.utils import timezone

from jiedao.activities.models import Activity
from jiedao.bulletin.models import Article, ArticlePhoto, NewsletterIssue
from jiedao.testing import World
from tests.access.common import EVERYONE, OFFICES, OFFICES_ANYWHERE, Case, Target

ISSUE_MAKERS = {"admin", "party"}
EDITORS = {"party", "admin"}  # of a 党建办 article written by party
OTHER_OFFICES = OFFICES - EDITORS


def _article(w: World, status: str = "draft", author: str = "party", **extra: Any) -> Article:
    return Article.objects.create(
        subdistrict=w.liangcheng,
        title="联席会议举行",
        body="<p>正文</p>",
        office="party_office",
        author=w.users[author],
        status=status,
        **extra,
    )


def article(status: str = "draft", author: str = "party", **extra: Any) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"pk": _article(w, status, author, **extra).pk}


def _issue(w: World, published: bool) -> NewsletterIssue:
    issue = NewsletterIssue.objects.create(
        subdistrict=w.liangcheng,
        year=2020,
        number=NewsletterIssue.objects.filter(subdistrict=w.liangcheng).count() + 1,  # one per persona
        date=timezone.localdate(),
        status="published" if published else "draft",
        published_at=timezone.now() if published else None,
    )
    _article(w, "published" if published else "approved", issue=issue, position=1)
    return issue


def issue(published: bool) -> Callable[[World], dict[str, Any]]:
    return lambda w: {"pk": _issue(w, published).pk}


def placed(w: World) -> dict[str, Any]:
    found = _issue(w, published=False)
    return {"pk": found.pk, "article": found.articles.get().pk}


def photo(published: bool) -> Callable[[World], dict[str, Any]]:
    def make(w: World) -> dict[str, Any]:
        status = "published" if published else "draft"
        owner = _article(w, status, issue=_issue(w, published=True), position=2) if published else _article(w, status)
        image = default_storage.save("bulletin/photos/test.jpg", ContentFile(b"\xff\xd8 a picture"))
        return {
            "pk": ArticlePhoto.objects.create(subdistrict=w.liangcheng, article=owner, image=image, caption="合影").pk
        }

    return make


def photo_of_draft(w: World) -> dict[str, Any]:
    found = ArticlePhoto.objects.get(pk=photo(published=False)(w)["pk"])
    return {"pk": found.article_id, "photo": found.pk}


def nothing_to_write(w: World) -> dict[str, Any]:
    found = Activity.objects.create(subdistrict=w.liangcheng, kind="other", title="茶话会", organiser=w.office)
    return {"activity": found.pk}


NO_ONE_SIGNED_OUT: dict[str, int | frozenset[int]] = {"anonymous": 404}

PAGES = {
    "bulletin:archive": Case(targets=[Target(EVERYONE)]),
    "bulletin:issue": Case(
        targets=[
            Target(EVERYONE, issue(published=True)),
            Target(set(), issue(published=False), answers=NO_ONE_SIGNED_OUT),
        ],
        gate=EVERYONE,
    ),
    "bulletin:issue_pdf": Case(targets=[Target(EVERYONE, issue(published=True))]),
    "bulletin:feed": Case(targets=[Target(EVERYONE)]),
    "bulletin:photo": Case(
        targets=[Target(OFFICES, photo(published=False), answers=NO_ONE_SIGNED_OUT)],
        gate=EVERYONE,
    ),
    "bulletin:articles": Case(targets=[Target(OFFICES_ANYWHERE)]),
    "bulletin:draft": Case(targets=[Target(OFFICES_ANYWHERE)]),
    "bulletin:article": Case(targets=[Target(OFFICES, article())], gate=OFFICES_ANYWHERE),
    "bulletin:article_edit": Case(targets=[Target(EDITORS, article(), readers=OTHER_OFFICES)], gate=OFFICES_ANYWHERE),
    "bulletin:article_submit": Case(
        "post", [Target(EDITORS, article(), status=302, readers=OTHER_OFFICES)], gate=OFFICES_ANYWHERE
    ),
    "bulletin:article_review": Case(
        "post",
        [
            Target(
                EDITORS,
                article("submitted", author="centre"),
                data=lambda w: {"approve": "1"},
                status=302,
                readers=OFFICES - EDITORS,
            )
        ],
        gate=OFFICES_ANYWHERE,
    ),
    "bulletin:photo_add": Case(
        "post", [Target(EDITORS, article(), status=302, readers=OTHER_OFFICES)], gate=OFFICES_ANYWHERE
    ),
    "bulletin:photo_remove": Case(
        "post", [Target(EDITORS, photo_of_draft, status=302, readers=OTHER_OFFICES)], gate=OFFICES_ANYWHERE
    ),
    "bulletin:article_acknowledge": Case(
        "post",
        [Target(EDITORS, article(records_changed_at=timezone.now()), status=302, readers=OTHER_OFFICES)],
        gate=OFFICES_ANYWHERE,
    ),
    "bulletin:issues": Case(targets=[Target(OFFICES_ANYWHERE)]),
    "bulletin:issue_manage": Case(targets=[Target(OFFICES, issue(published=False))], gate=OFFICES_ANYWHERE),
    "bulletin:issue_proof": Case(targets=[Target(OFFICES, issue(published=False))], gate=OFFICES_ANYWHERE),
    "bulletin:issue_place": Case(
        "post", [Target(ISSUE_MAKERS, issue(published=False), status=302)], gate=ISSUE_MAKERS | {"other_admin"}
    ),
    "bulletin:issue_move": Case(
        "post", [Target(ISSUE_MAKERS, placed, status=302)], gate=ISSUE_MAKERS | {"other_admin"}
    ),
    "bulletin:issue_remove": Case(
        "post", [Target(ISSUE_MAKERS, placed, status=302)], gate=ISSUE_MAKERS | {"other_admin"}
    ),
    "bulletin:issue_publish": Case(
        "post", [Target(ISSUE_MAKERS, issue(published=False), status=302)], gate=ISSUE_MAKERS | {"other_admin"}
    ),
}

API = {
    ("GET", "/bulletin/issues"): Case(targets=[Target(EVERYONE)]),
    ("GET", "/bulletin/issues/{pk}"): Case(
        targets=[
            Target(EVERYONE, issue(published=True)),
            Target(set(), issue(published=False), answers=NO_ONE_SIGNED_OUT),
        ],
        gate=EVERYONE,
    ),
    ("GET", "/bulletin/issues/{pk}.pdf"): Case(targets=[Target(EVERYONE, issue(published=True))]),
    ("POST", "/bulletin/drafts"): Case(
        targets=[Target(OFFICES, data=nothing_to_write, status=400)], gate=OFFICES_ANYWHERE
    ),
}
