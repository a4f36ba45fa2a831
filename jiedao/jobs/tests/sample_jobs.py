"""Long jobs the tests start: a small file, a refusal, a crash."""

from django.db import transaction

from jiedao.core.audit import record
from jiedao.core.errors import Invalid
from jiedao.jobs.services import Outcome, Run, long_job


@long_job()
def count_lines(run: Run) -> Outcome:
    lines = int(run.params.get("lines", 3))
    for done in range(lines):
        run.progress(done + 1, lines)
    body = "\n".join(f"line {n}" for n in range(lines)).encode()
    return Outcome(message=f"{lines} lines", content=body, filename="行.txt")


@long_job()
def refuse(run: Run) -> Outcome:
    raise Invalid("文件中有 2 处错误。", details={"problems": ["第2行：身份证号不正确。", "第5行：缺少姓名。"]})


@long_job()
def write_then_crash(run: Run) -> Outcome:
    with transaction.atomic():
        record(actor=run.actor, action="create", object_type="jobs.sample", object_id="1", object_repr="half")
        raise RuntimeError("boom")


def not_marked(run: Run) -> Outcome:
    return Outcome(message="never")


@long_job()
def spool(run: Run) -> Outcome:
    """A result written to a temporary file rather than held in memory."""
    import tempfile

    target = tempfile.TemporaryFile()  # noqa: SIM115 - the job closes it once stored
    target.write(b"x" * 100_000)
    return Outcome(message="spooled", content=target, filename="big.bin")


@long_job(readers=["party_office"])
def party_export(run: Run) -> Outcome:
    return Outcome(message="exported", content=b"ledger", filename="ledger.xlsx")


@long_job()
def not_an_outcome(run: Run) -> Outcome:
    return "done"  # type: ignore[return-value]
