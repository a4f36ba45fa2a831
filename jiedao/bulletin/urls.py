from django.urls import path

from jiedao.bulletin.views import articles, issues, public

app_name = "bulletin"

urlpatterns = [
    # Public: the archive, an issue, its print edition, the feed, photos.
    path("", public.archive, name="archive"),
    path("issues/<id:pk>/", public.issue, name="issue"),
    path("issues/<id:pk>/pdf/", public.issue_pdf, name="issue_pdf"),
    path("feed/", public.feed, name="feed"),
    path("photos/<id:pk>/", public.photo, name="photo"),
    # The offices: articles.
    path("articles/", articles.article_list, name="articles"),
    path("articles/draft/", articles.draft, name="draft"),
    path("articles/<id:pk>/", articles.article, name="article"),
    path("articles/<id:pk>/edit/", articles.article_edit, name="article_edit"),
    path("articles/<id:pk>/submit/", articles.article_submit, name="article_submit"),
    path("articles/<id:pk>/review/", articles.article_review, name="article_review"),
    path("articles/<id:pk>/photos/", articles.photo_add, name="photo_add"),
    path("articles/<id:pk>/photos/<id:photo>/remove/", articles.photo_remove, name="photo_remove"),
    path("articles/<id:pk>/acknowledge/", articles.article_acknowledge, name="article_acknowledge"),
    # The offices: issues.
    path("manage/", issues.issue_list, name="issues"),
    path("manage/<id:pk>/", issues.issue_manage, name="issue_manage"),
    path("manage/<id:pk>/proof/", issues.issue_proof, name="issue_proof"),
    path("manage/<id:pk>/place/", issues.issue_place, name="issue_place"),
    path("manage/<id:pk>/articles/<id:article>/move/", issues.issue_move, name="issue_move"),
    path("manage/<id:pk>/articles/<id:article>/remove/", issues.issue_remove, name="issue_remove"),
    path("manage/<id:pk>/publish/", issues.issue_publish, name="issue_publish"),
]
