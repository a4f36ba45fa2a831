"""A resident's own account in the API: binding it to the registry (实名).

``POST /me/bind`` with ``{"name", "id_number"}`` binds the caller's account through
``binding.bind_person``, the function the page uses: 200 with the person (masked);
400 ``invalid`` with one and the same message whether the number is not registered,
the name does not match or the person has an account already; 400 with the field for
a malformed number or name; 429 when limited; 403 for a staff account; 409 when the
account is bound already.
"""

from typing import Any

from django.core.exceptions import ValidationError
from django.http import HttpRequest
from ninja import Field, Router, Schema
from pydantic import BaseModel

from jiedao.accounts.policy import request_actor, signed_in
from jiedao.api.refs import Ref
from jiedao.api.responses import refuses
from jiedao.core.errors import Conflict, Forbidden, Invalid, TooMany
from jiedao.residents import binding

router = Router(tags=["me"])


class BindIn(Schema):
    name: str = Field(max_length=100, description="姓名，与人员库登记的一致")
    id_number: str = Field(max_length=32, description="18位身份证号")


class BoundPersonOut(BaseModel):
    id: int
    name: str
    id_number_masked: str
    residential_area: Ref | None


@router.post("/bind", response=BoundPersonOut, summary="实名绑定：以姓名和身份证号关联人员信息")
@signed_in
@refuses(ValidationError, Invalid, Forbidden, Conflict, TooMany)
def bind(request: HttpRequest, payload: BindIn) -> dict[str, Any]:
    user = request_actor(request).user
    assert user is not None  # signed_in
    person = binding.bind_person(user=user, name=payload.name, id_number=payload.id_number, request=request)
    area = person.residential_area
    return {
        "id": person.pk,
        "name": person.name,
        "id_number_masked": person.id_number_masked,
        "residential_area": {"id": area.pk, "name": area.name} if area is not None else None,
    }
