"""Cases for the legal-aid tests and access rows, built through the services.

``legal_aid_of(w)`` adds to a test world (once per world): the worker's (王秀英) case
assigned to the ``handler`` persona, with a PDF document, and 陈懿's case assigned to
nobody. The summaries carry marker texts that no outsider may receive.
"""

import datetime as dt
from dataclasses import dataclass
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from jiedao.accounts.actor import actor_for
from jiedao.legalaid import services
from jiedao.legalaid.models import CaseDocument, LegalAidCase
from jiedao.testing import World

OWN_SUMMARY = "法律援助机密经过-OWN"
OTHER_SUMMARY = "法律援助机密经过-OTHER"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf_upload(name: str = "劳动合同.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def image_upload(name: str = "工资条.jpg") -> SimpleUploadedFile:
    buffer = BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@dataclass
class LegalAid:
    own: LegalAidCase  # the worker's, handled by ``handler``
    other: LegalAidCase  # 陈懿's, unassigned
    document: CaseDocument  # of ``own``


def open_case(w: World, key: str = "worker", *, summary: str = OWN_SUMMARY, **values: object) -> LegalAidCase:
    """A case of the person ``key``, opened by the labour office at the desk."""
    arguments: dict[str, object] = {
        "dispute_type": "dismissal",
        "employer_name": "上海嘉春装饰设计工程有限公司",
        "knew_on": timezone.localdate() - dt.timedelta(days=30),
        "employment_ended_on": None,
        "channel": "desk",
        **values,
    }
    return services.case_open(
        actor=actor_for(w.users["labour"]),
        person=w.people[key],
        summary=summary,
        **arguments,  # type: ignore[arg-type]
    )


def assign(w: World, case: LegalAidCase, handler: str = "handler") -> LegalAidCase:
    return services.handler_assign(actor=actor_for(w.users["legalsup"]), case=case, handler=w.users[handler])


def legal_aid_of(w: World) -> LegalAid:
    built = w.extras.get("legalaid")
    if isinstance(built, LegalAid):
        return built
    own = assign(w, open_case(w))
    other = open_case(w, "zhonghong_worker", summary=OTHER_SUMMARY, employer_name="上海共志通信信息技术发展有限公司")
    document = services.document_add(actor=actor_for(w.users["handler"]), case=own, upload=pdf_upload())
    built = LegalAid(own=own, other=other, document=document)
    w.extras["legalaid"] = built
    return built
