"""Access rows of 职工法律援助 (``jiedao/legalaid``).

A case is read by the worker whose case it is, the handler assigned to it and the
legal-aid supervisor; nobody else — not the offices, not the union chairs, not
another handler — gets anything of it (404), only the statistics. The desk (labour
office, union federation) opens cases on a worker's behalf but does not read them.

``legal_aid_of(w)`` adds the worker's case (assigned to ``handler``, with a PDF) and
陈懿's case (unassigned) to the test world, once per world.
"""

from typing import Any

from django.utils import timezone

from jiedao.accounts.actor import actor_for
from jiedao.legalaid import services
from jiedao.legalaid.models import CaseStep
from jiedao.legalaid.tests.factories import OTHER_SUMMARY, OWN_SUMMARY, assign, legal_aid_of, open_case, pdf_upload
from jiedao.testing import World
from tests.access.common import ANY_USER, CHAIRS, LEGAL_AID, OFFICES, STAFF, Case, Target, name_of

READERS = {"worker", "handler", "legalsup"}
SUPERVISOR = {"legalsup"}
STATS = OFFICES | CHAIRS | LEGAL_AID | {"other_admin"}  # the other admin sees their own sub-district's
# Everyone signed in without a registry record of their own: no case for themselves.
NO_PERSON = STAFF | {"other_admin"}


def _own(w: World) -> dict[str, Any]:
    return {"pk": legal_aid_of(w).own.pk}


def _other(w: World) -> dict[str, Any]:
    return {"pk": legal_aid_of(w).other.pk}


def _document(w: World) -> dict[str, Any]:
    return {"pk": legal_aid_of(w).document.pk}


def _built(w: World) -> dict[str, Any]:
    legal_aid_of(w)
    return {}


def _noted(w: World) -> dict[str, Any]:
    """The worker's case and a note on it (once per world) to correct or withdraw."""
    own = legal_aid_of(w).own
    note = w.extras.get("legalaid_note")
    if not isinstance(note, CaseStep):
        note = services.step_add(
            actor=actor_for(w.users["handler"]), case=own, on=timezone.localdate(), note="约见用人单位"
        )
        w.extras["legalaid_note"] = note
    return {"pk": own.pk, "step": note.pk}


def _correction(w: World) -> dict[str, Any]:
    step = _noted(w)["step"]
    return {
        f"c{step}-on": timezone.localdate().isoformat(),
        f"c{step}-note": "约见用人单位人事",
        f"c{step}-reason": "补全",
    }


def _withdrawal(w: World) -> dict[str, Any]:
    return {f"w{_noted(w)['step']}-reason": "重复记录"}


def _note(w: World) -> dict[str, Any]:
    return {"on": timezone.localdate().isoformat(), "note": "电话联系用人单位人事部门"}


def _fresh_document(w: World) -> dict[str, Any]:
    """A new document of the worker's case for each persona (a deletion is once only)."""
    own = legal_aid_of(w).own
    document = services.document_add(actor=actor_for(w.users["handler"]), case=own, upload=pdf_upload())
    return {"pk": document.pk}


def _fresh_case(w: World) -> dict[str, Any]:
    """A new case handled by ``handler`` for each persona (a suspension is once only)."""
    return {"pk": assign(w, open_case(w, "jobseeker")).pk}


def _suspended_case(w: World) -> dict[str, Any]:
    case = assign(w, open_case(w, "jobseeker"))
    services.case_suspend(actor=actor_for(w.users["handler"]), case=case, on=timezone.localdate(), note="联系不上")
    return {"pk": case.pk}


def _fresh_note(w: World) -> dict[str, Any]:
    """A new note on the worker's case for each persona (a step is superseded once)."""
    own = legal_aid_of(w).own
    note = services.step_add(actor=actor_for(w.users["handler"]), case=own, on=timezone.localdate(), note="约见")
    return {"pk": note.pk}


def _api_note(w: World) -> dict[str, Any]:
    return {"on": timezone.localdate().isoformat(), "note": "电话联系用人单位人事部门"}


def _api_correction(w: World) -> dict[str, Any]:
    return {"on": timezone.localdate().isoformat(), "note": "约见用人单位", "reason": "补全"}


PAGES = {
    # A list names workers to their handler and the supervisor, never a summary.
    "legalaid:index": Case(
        targets=[
            Target(ANY_USER, _built, leak=name_of("worker"), sees=READERS),
            Target(ANY_USER, _built, leak=lambda w: OWN_SUMMARY, sees=set()),
        ]
    ),
    "legalaid:open": Case(targets=[Target(ANY_USER, _built, leak=name_of("worker"), sees={"worker"})]),
    "legalaid:detail": Case(
        targets=[
            Target(READERS, _own, leak=lambda w: OWN_SUMMARY),
            Target(SUPERVISOR, _other, leak=lambda w: OTHER_SUMMARY),
        ],
        gate=ANY_USER,
    ),
    # The worker reads her case but records no step (the gate: 403).
    "legalaid:step_add": Case("post", [Target(LEGAL_AID, _own, data=_note, status=302)], gate=LEGAL_AID),
    "legalaid:interruption_add": Case(
        "post",
        [
            Target(LEGAL_AID, _own, data=_note, status=302),
            Target(SUPERVISOR, _other, data=_note, status=302),
        ],
        gate=LEGAL_AID,
    ),
    # Corrections, withdrawals, suspension: the handler and the supervisor only (back to the case).
    "legalaid:step_correct": Case("post", [Target(LEGAL_AID, _noted, data=_correction, status=302)], gate=LEGAL_AID),
    "legalaid:step_withdraw": Case("post", [Target(LEGAL_AID, _noted, data=_withdrawal, status=302)], gate=LEGAL_AID),
    "legalaid:suspend": Case("post", [Target(LEGAL_AID, _own, data=_note, status=302)], gate=LEGAL_AID),
    "legalaid:resume": Case("post", [Target(LEGAL_AID, _own, data=_note, status=302)], gate=LEGAL_AID),
    "legalaid:assign": Case(
        "post",
        [Target(SUPERVISOR, _other, data=lambda w: {"handler": w.users["handler"].pk}, status=302)],
        gate=SUPERVISOR,
    ),
    "legalaid:document_add": Case(
        "post",
        [Target(READERS, _own, data=lambda w: {"upload": pdf_upload(), "title": "工资条"}, status=302)],
        gate=ANY_USER,
    ),
    "legalaid:document": Case(targets=[Target(READERS, _document)], gate=ANY_USER),
    # The handler's upload: the worker reads it but may not delete it (403).
    "legalaid:document_delete": Case(
        "post", [Target(LEGAL_AID, _fresh_document, status=302, readers={"worker"})], gate=ANY_USER
    ),
    "legalaid:document_retitle": Case(
        "post",
        [Target(LEGAL_AID, _document, data=lambda w: {f"d{_document(w)['pk']}-title": "劳动合同"}, status=302)],
        gate=LEGAL_AID,
    ),
    "legalaid:stats": Case(targets=[Target(STATS, _built, leak=name_of("worker"), sees=set())]),
    "legalaid:reads": Case(targets=[Target(SUPERVISOR, _built, leak=name_of("worker"), sees=set())]),
}


def _new_case(w: World) -> dict[str, Any]:
    return {
        "dispute_type": "wage_arrears",
        "employer": "上海嘉春装饰设计工程有限公司",
        "employer_unit": None,
        "summary": "三个月工资未发",
        "knew_on": timezone.localdate().isoformat(),
        "employment_ended_on": None,
    }


API: dict[tuple[str, str], Case] = {
    # Residents open their own case; staff have no registry record of their own here
    # (the desk names the worker with "person"): a field error.
    ("POST", "/legal-aid/cases"): Case(
        "post",
        [Target({"worker", "jobseeker"}, data=_new_case, status=201, answers=dict.fromkeys(NO_PERSON, 400))],
        gate=ANY_USER,
    ),
    ("GET", "/legal-aid/cases"): Case(
        targets=[
            Target(ANY_USER, _built, leak=name_of("worker"), sees=READERS),
            Target(ANY_USER, _built, leak=lambda w: OWN_SUMMARY, sees=set()),
        ]
    ),
    # The worker reads her case on the page behind a fresh proof, not with a token: 403.
    ("GET", "/legal-aid/cases/{pk}"): Case(
        targets=[
            Target(LEGAL_AID, _own, leak=lambda w: OWN_SUMMARY, readers={"worker"}),
            Target(SUPERVISOR, _other, leak=lambda w: OTHER_SUMMARY),
        ],
        gate=ANY_USER,
    ),
    # Writes: the assigned handler and the supervisor (the role gate refuses everyone else).
    ("POST", "/legal-aid/cases/{pk}/steps"): Case(
        "post", [Target(LEGAL_AID, _own, data=_api_note, status=201)], gate=LEGAL_AID
    ),
    ("POST", "/legal-aid/cases/{pk}/interruptions"): Case(
        "post", [Target(SUPERVISOR, _other, data=_api_note, status=201)], gate=LEGAL_AID
    ),
    ("POST", "/legal-aid/cases/{pk}/suspension"): Case(
        "post", [Target(LEGAL_AID, _fresh_case, data=_api_note, status=201)], gate=LEGAL_AID
    ),
    ("POST", "/legal-aid/cases/{pk}/resumption"): Case(
        "post", [Target(LEGAL_AID, _suspended_case, data=_api_note, status=201)], gate=LEGAL_AID
    ),
    ("POST", "/legal-aid/steps/{pk}/correction"): Case(
        "post", [Target(LEGAL_AID, _fresh_note, data=_api_correction, status=201)], gate=LEGAL_AID
    ),
    ("POST", "/legal-aid/steps/{pk}/withdrawal"): Case(
        "post", [Target(LEGAL_AID, _fresh_note, data=lambda w: {"reason": "重复记录"}, status=201)], gate=LEGAL_AID
    ),
}
