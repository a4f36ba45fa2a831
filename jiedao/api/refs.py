"""Ids of other objects given in a request body (``"residential_area": 12``)."""

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.utils.translation import gettext as _

M = TypeVar("M", bound=Model)


def pick(qs: QuerySet[M], pk: int | None, field: str) -> M | None:
    """The row ``pk`` of ``qs`` (what the caller may see, from an access function),
    ``None`` for no id. An id of another sub-district gets the same message as
    one that does not exist: the answer reveals nothing about other tenants."""
    if pk is None:
        return None
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise ValidationError({field: [_("所选对象不存在或不属于本街道。")]})
    return obj
