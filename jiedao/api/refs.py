"""Objects by id in the API: one object of a list (``one``), ids given in a request
body (``pick``), and the reference an answer gives for a related object (``Ref``)."""

from typing import TypeVar

from django.core.exceptions import ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from pydantic import BaseModel

M = TypeVar("M", bound=Model)


class Ref(BaseModel):
    """A related object in an answer: ``{"id": 12, "name": "秀苑"}``."""

    id: int
    name: str


def one(qs: QuerySet[M], pk: object) -> M:
    """The row ``pk`` of ``qs`` (what the caller may see); 404 ``not_found`` otherwise."""
    obj = qs.filter(pk=pk).first()
    if obj is None:
        raise Http404
    return obj


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
