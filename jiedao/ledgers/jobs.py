"""The ledger's xlsx as a long job (``jiedao.jobs``): a district's ledger can take
seconds, more than a page should wait. It runs as the owner, with their roles as they
are when it runs: a ledger they may no longer read is refused then."""

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jiedao.accounts.actor import STAFF_ROLES
from jiedao.core.ledgers import Period
from jiedao.jobs.services import Outcome, Run, long_job
from jiedao.ledgers.services import generate


@long_job(readers=STAFF_ROLES)
def export_ledger(run: Run) -> Outcome:
    """``params``: ``key`` and ``period`` (``YYYY`` or ``YYYY-MM``)."""
    period = Period.parse(str(run.params["period"]))
    made = generate(actor=run.actor, key=str(run.params["key"]), period=period)
    rows = len(made.table.rows)
    message = ngettext("已生成%(title)s，共%(count)d行。", "已生成%(title)s，共%(count)d行。", rows) % {
        "title": made.entry.title,
        "count": rows,
    }
    return Outcome(message=message, content=made.content, filename=made.filename)


def job_title(title: str, period: Period) -> str:
    return _("生成%(title)s（%(period)s）") % {"title": title, "period": period.label}
