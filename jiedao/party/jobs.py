"""Long jobs of the party programme (``jiedao.jobs``): the study-hour ledger's xlsx
for the upper level. A whole district (20 000 members) takes seconds to compute and
write, more than a page should wait: the ledger page starts the job and sends the
reader to its page, which polls and then offers the file."""

from django.http import Http404
from django.utils.translation import gettext as _

from jiedao.core import audit
from jiedao.core.errors import Forbidden, NotFound
from jiedao.core.models import AuditEntry
from jiedao.jobs.services import Outcome, Run, long_job
from jiedao.party import access, selectors
from jiedao.party.exporting import ledger_xlsx


def ledger_title(year: int, branch_name: str | None) -> str:
    """The job's and the file's name: whose ledger of which year."""
    whose = branch_name or _("全部党组织")
    return _("%(whose)s%(year)s年度学时台账") % {"whose": whose, "year": year}


@long_job(readers=access.READ_ROLES)
def export_ledger(run: Run) -> Outcome:
    """The ledger of ``params["year"]`` (all the owner's branches, or ``params["branch"]``)
    as an xlsx, computed as the owner now sees the records; the export is audited."""
    actor = run.actor
    if not access.can_read(actor):
        raise Forbidden(_("您无权导出党员学时台账。"))
    year = int(run.params["year"])
    branch_id = run.params.get("branch")
    try:
        branch = access.branch_for_actor(actor, int(branch_id)) if branch_id else None
    except Http404:  # gone from the owner's scope since the export was asked for
        raise NotFound(_("该党组织不存在或您无权查看。")) from None
    qs = access.members_visible_to(actor)
    if branch is not None:
        qs = qs.filter(branch=branch)
    subdistrict_id = actor.subdistrict_id or 0
    rows = selectors.ledger(selectors.members_of_year(qs, year), year=year, subdistrict_id=subdistrict_id)
    run.progress(0, len(rows))
    content = ledger_xlsx(rows, year=year, progress=run.progress)
    audit.record(
        actor=actor,
        action=AuditEntry.Action.EXPORT,
        object_type="party.partymember",
        subdistrict_id=subdistrict_id,
        object_repr=_("%(year)s年度党员学时台账") % {"year": year},
        detail={"year": year, "branch": branch.pk if branch else None, "rows": len(rows)},
    )
    title = ledger_title(year, branch.name if branch else None)
    short = selectors.summary(rows)["short"]
    message = _("已生成%(n)d名党员的学时台账，其中%(short)d人未达标。") % {"n": len(rows), "short": short}
    return Outcome(message=message, content=content, filename=f"{title}.xlsx")
