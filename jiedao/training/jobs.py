"""Long jobs of the training programme (``jiedao.jobs``): the certificates of a
class issued and printed as one zip, which takes minutes for a large class (each
PDF embeds its CJK font subset; docs/training.md, Benchmark)."""

import tempfile

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from jiedao.core.errors import NotFound
from jiedao.jobs.services import Outcome, Run, long_job
from jiedao.training import access, services


def verify_link(base: str, number: str) -> str:
    """The public verification page of ``number`` on the site at ``base`` (the address
    the page was asked from: the worker has no request)."""
    return base.rstrip("/") + reverse("training:verify", args=[number])


@long_job(readers=access.DESK_ROLES)
def issue_certificates(run: Run) -> Outcome:
    """Issue the certificates of the class ``params["class"]`` (in one transaction),
    then print the valid ones into a zip, reporting progress as it goes."""
    training_class = (
        access.classes_visible_to(run.actor)
        .select_related("course", "provider__unit")
        .filter(pk=int(run.params.get("class") or 0))
        .first()
    )
    if training_class is None:
        raise NotFound(_("培训班不存在或您无权管理。"))
    certificates, issued = services.issue_all(actor=run.actor, training_class=training_class)
    base = str(run.params.get("base", "/"))
    # Spooled to disk (a class of 500 makes a zip of about 140 MB); the job closes it once stored.
    content = tempfile.TemporaryFile()  # noqa: SIM115
    count = services.write_certificates_zip(
        content, certificates, lambda number: verify_link(base, number), progress=run.progress
    )
    message = ngettext(
        "共%(count)d张结业证书，其中本次新颁发%(issued)d张。",
        "共%(count)d张结业证书，其中本次新颁发%(issued)d张。",
        count,
    ) % {"count": count, "issued": issued}
    return Outcome(message=message, content=content, filename=_("%(name)s结业证书.zip") % {"name": training_class.name})
