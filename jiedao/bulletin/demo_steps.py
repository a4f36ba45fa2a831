"""Demo: the 2020 issue of the newsletter, composed at load time from the demo records.

Its four stories (the joint meeting, the two 四史 lectures as one story, the 凝新 主题党日,
the flower-arranging class) are drafted by the composers from the records the other demo
steps made, then lightly edited as an editor would — the kicker and title the printed
newsletter gave them — sent for review, approved by the sub-district admin (the authors
may not approve their own) and published in 2020年第1期. The print PDF is rendered on the
first request and kept.
"""

import datetime as dt

from django.utils import timezone

from jiedao.accounts.actor import actor_for
from jiedao.activities.models import Activity
from jiedao.activities.stories import compose
from jiedao.bulletin import services
from jiedao.bulletin.models import Article, NewsletterIssue
from jiedao.demo.loader import DemoContext, demo_step

ISSUE_DATE = dt.date(2020, 12, 18)

# (author, activity titles, kicker, title, subtitle) as the newsletter printed them.
STORIES = (
    (
        "party",
        ("2020年凉城新村街道与工会联席会议",),
        "团结凝聚广大职工群众 更好服务区域经济发展",
        "2020年凉城新村街道与工会联席会议举行",
        "",
    ),
    (
        "party",
        ("“四史”学习教育党课：站起来、富起来、强起来", "“四史”学习教育党课：上海改革开放史"),
        "学思践悟新思想 领学促学做表率",
        "凉城新村街道继续开展主讲“四史”学习教育党课",
        "",
    ),
    ("centre", ("“学‘四史’、践初心、党员先锋行动”主题党日",), "", "「凝新」工作室举办主题党日活动", ""),
    ("labour", ("干花艺术插花专项职业能力培训班（2020年）",), "", "凉城新村街道为求职者增加就业“砝码”", ""),
)


@demo_step("bulletin", after=("accounts", "meetings", "party", "training", "volunteering"))
def load_bulletin(ctx: DemoContext) -> None:
    if NewsletterIssue.objects.filter(subdistrict=ctx.subdistrict, year=ISSUE_DATE.year, number=1).exists():
        return
    admin = ctx.users.get("admin")
    if admin is None:
        ctx.warnings.append("bulletin: no admin login, no newsletter")
        return
    reviewer = actor_for(admin)
    articles: list[Article] = []
    for author, titles, kicker, title, subtitle in STORIES:
        article = _story(ctx, author, titles, kicker=kicker, title=title, subtitle=subtitle)
        if article is not None:
            services.submit_article(actor=actor_for(article.author), article_id=article.pk)
            services.review_article(actor=reviewer, article_id=article.pk, approve=True)
            articles.append(article)
    if not articles:
        return
    issue = services.create_issue(actor=reviewer, date=ISSUE_DATE, number=1)
    ctx.count(NewsletterIssue)
    for article in articles:
        services.place_article(actor=reviewer, issue_id=issue.pk, article_id=article.pk)
    services.publish_issue(actor=reviewer, issue_id=issue.pk)
    # Published when the newsletter was, not when the demo was loaded.
    published = timezone.make_aware(dt.datetime.combine(ISSUE_DATE, dt.time(9)))
    NewsletterIssue.objects.filter(pk=issue.pk).update(published_at=published)


def _story(
    ctx: DemoContext, author: str, titles: tuple[str, ...], *, kicker: str, title: str, subtitle: str
) -> Article | None:
    user = ctx.users.get(author)
    found = {a.title: a for a in Activity.objects.filter(subdistrict=ctx.subdistrict, title__in=titles)}
    activities = [found[t] for t in titles if t in found]
    if user is None or len(activities) != len(titles) or any(compose(a) is None for a in activities):
        ctx.warnings.append(f"bulletin: no records to write “{title}” from")
        return None
    actor = actor_for(user)
    article = services.draft_article(actor=actor, activity_ids=[a.pk for a in activities])
    ctx.count(Article)
    # The editor's light touch: the headings the printed newsletter gave the story.
    return services.update_article(
        actor=actor,
        article_id=article.pk,
        kicker=kicker or article.kicker,
        title=title,
        subtitle=subtitle or article.subtitle,
        body=article.body,
        office=article.office,
    )
