"""Long jobs of the dues ledger: importing a payment statement in the task worker
(a statement of 20 000 rows takes seconds; the page polls the job instead of
waiting). The import itself is ``services.statement_import``: all rows or none."""

from django.utils.translation import gettext as _

from jiedao.core.errors import Invalid
from jiedao.dues import access
from jiedao.dues.services.statements import StatementResult, statement_import
from jiedao.jobs.services import Outcome, Run, long_job
from jiedao.people.roster.problems import RowError


def problem_text(error: RowError) -> str:
    """One problem of a statement as a line: its row and column when it has them."""
    if error.row and error.column:
        return _("第%(row)d行“%(column)s”列：%(message)s") % {
            "row": error.row,
            "column": error.column,
            "message": error.message,
        }
    if error.row:
        return _("第%(row)d行：%(message)s") % {"row": error.row, "message": error.message}
    return error.message


def result_message(result: StatementResult) -> str:
    return _("已读取%(rows)d行：新增缴费%(created)d笔，此前已导入%(unchanged)d笔。") % {
        "rows": result.rows,
        "created": result.created,
        "unchanged": result.unchanged,
    }


@long_job(readers=access.MANAGE_ROLES)
def import_statement(run: Run) -> Outcome:
    """Import the uploaded statement as the person who started the job (their roles
    as they are now: the service refuses anyone but the federation)."""
    upload = run.job.upload
    with upload.open("rb") as source:
        result = statement_import(
            actor=run.actor,
            source=source,
            file_name=str(run.params.get("file_name", "")),
            channel=str(run.params.get("channel", "")),
        )
    if result.errors:
        raise Invalid(
            _("对账单有%(n)d处错误，未导入任何数据。") % {"n": len(result.errors)},
            details={"problems": [problem_text(e) for e in result.errors]},
        )
    return Outcome(message=result_message(result))
