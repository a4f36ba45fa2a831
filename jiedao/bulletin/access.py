"""Who writes, reviews and publishes the newsletter.

Any office writes articles (an editor drafts from the activities they may see). An article
is reviewed by a holder of the credited office's role (or the sub-district admin), never by
its author: the four-eyes rule of 送审. Issues are put together and published by the
sub-district admin and the party-building office (宣传 is its work). Published issues are
public: anyone, signed in or not, reads them.
"""

from django.db.models import Exists, OuterRef, Q, QuerySet

from jiedao.accounts.access import one_for_actor, scoped
from jiedao.accounts.actor import OFFICE_ROLES, Actor
from jiedao.accounts.models import Role
from jiedao.activities.access import activities_visible_to
from jiedao.bulletin.models import Article, NewsletterIssue

EDITOR_ROLES = OFFICE_ROLES
ISSUE_ROLES = frozenset({Role.SUBDISTRICT_ADMIN, Role.PARTY_OFFICE})


def articles_for(actor: Actor) -> QuerySet[Article]:
    """The sub-district's articles, less the unpublished ones that report an activity the
    office may not see (a party lecture's draft names who attended: not for the labour
    office). Once published an article is public anyway."""
    if not actor.has_role(*EDITOR_ROLES):
        return Article.objects.none()
    unseen = Article.activities.through.objects.filter(article=OuterRef("pk")).exclude(
        activity__in=activities_visible_to(actor)
    )
    return scoped(Article.objects.all(), actor).exclude(~Q(status=Article.Status.PUBLISHED) & Exists(unseen))


def article_for_actor(actor: Actor, pk: object, *, for_update: bool = False) -> Article:
    return one_for_actor(articles_for(actor).select_related("author", "issue"), pk, for_update=for_update)


def is_responsible(actor: Actor, article: Article) -> bool:
    """The author, a holder of the credited office's role, or the admin."""
    is_author = actor.user is not None and article.author_id == actor.user.pk
    return is_author or actor.has_role(article.office, Role.SUBDISTRICT_ADMIN)


def may_edit(actor: Actor, article: Article) -> bool:
    """Those responsible for it, while it is a draft or returned."""
    return article.editable and is_responsible(actor, article)


def may_review(actor: Actor, article: Article) -> bool:
    return (
        article.status == Article.Status.SUBMITTED
        and actor.user is not None
        and article.author_id != actor.user.pk
        and actor.has_role(article.office, Role.SUBDISTRICT_ADMIN)
    )


def issues_for(actor: Actor) -> QuerySet[NewsletterIssue]:
    """The issues an office sees while they are put together (all offices: they place their
    own articles' news); the published ones are public (``published_issues``)."""
    if not actor.has_role(*EDITOR_ROLES):
        return NewsletterIssue.objects.none()
    return scoped(NewsletterIssue.objects.all(), actor)


def issue_for_actor(actor: Actor, pk: object, *, for_update: bool = False) -> NewsletterIssue:
    return one_for_actor(
        issues_for(actor),
        pk,
        for_update=for_update,
        may_change=actor.has_role(*ISSUE_ROLES),
        refusal="只有街道管理员和党建办可以编排、刊发社区报。",
    )


def published_issues(subdistrict_code: str = "") -> QuerySet[NewsletterIssue]:
    """Every published issue; with a sub-district's code (a city-wide deployment), its own."""
    issues = NewsletterIssue.objects.filter(status=NewsletterIssue.Status.PUBLISHED).select_related("subdistrict")
    return issues.filter(subdistrict__code=subdistrict_code) if subdistrict_code else issues
