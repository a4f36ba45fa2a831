"""The refusals of the booking services that callers tell apart by class. Plain
``jiedao.core.errors`` classes: the API maps them to statuses, the pages show the
message next to the form. The other refusals are ``DomainError``s with a code."""

from django.utils.translation import gettext as _

from jiedao.core.errors import Conflict
from jiedao.counselling import consent as consent_texts
from jiedao.counselling.models import Slot


class SlotTaken(Conflict):
    """Booked (or held for a waitlist offer) by someone else. ``alternatives`` (also in
    ``details``) are the nearest free slots of the same studio, as rows: the API
    writes them out as it writes any slot."""

    code = "slot_taken"

    def __init__(self, alternatives: list[Slot]) -> None:
        super().__init__(_("该时段已被预约。"), details={"alternatives": alternatives})
        self.alternatives = alternatives


class ConsentRequired(Conflict):
    code = "consent_required"

    def __init__(self) -> None:
        super().__init__(
            _("预约前请先阅读并同意《畅心屋心理咨询单独同意书》。"), details={"version": consent_texts.CURRENT_VERSION}
        )


class LimitReached(Conflict):
    code = "weekly_limit"

    def __init__(self, limit: int) -> None:
        super().__init__(_("每人每周最多预约%(n)d次，您本周已有预约。") % {"n": limit}, details={"limit": limit})


class OfferGone(Conflict):
    code = "offer_gone"

    def __init__(self) -> None:
        super().__init__(_("该候补通知已失效。"))


class AlreadyWaiting(Conflict):
    code = "already_waiting"

    def __init__(self) -> None:
        super().__init__(_("您已在候补名单中。"))


class Purged(Conflict):
    """Past retention an appointment names nobody: nothing can be done with it."""

    code = "purged"

    def __init__(self) -> None:
        super().__init__(_("该预约已过保存期限，不能再操作。"))


class NotCancellable(Conflict):
    code = "not_cancellable"

    def __init__(self) -> None:
        super().__init__(_("该预约已不能取消。"))
