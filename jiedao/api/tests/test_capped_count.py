"""A list counts its rows exactly up to the cap, and says "more" beyond it."""

import pytest
from pytest_django import DjangoAssertNumQueries

from jiedao.api import pagination
from jiedao.api.pagination import PageQuery, paginate
from jiedao.core.models import AuditEntry


@pytest.mark.django_db
def test_the_count_is_exact_up_to_the_cap_and_one_past_it_beyond(
    monkeypatch: pytest.MonkeyPatch, django_assert_num_queries: DjangoAssertNumQueries
) -> None:
    monkeypatch.setattr(pagination, "COUNT_CAP", 5)
    AuditEntry.objects.bulk_create(AuditEntry(action="create", object_type="a") for _ in range(4))
    assert paginate(AuditEntry.objects.order_by("-id"), PageQuery(limit=3, offset=0))["count"] == 4
    AuditEntry.objects.bulk_create(AuditEntry(action="create", object_type="b") for _ in range(4))
    with django_assert_num_queries(2):
        page = paginate(AuditEntry.objects.order_by("-id"), PageQuery(limit=3, offset=0))
    assert len(page["items"]) == 3 and page["count"] == 6  # "more than 5"
    assert paginate(AuditEntry.objects.filter(object_type="b"), PageQuery(limit=3, offset=3))["count"] == 4
