"""The consent text (单独同意, PIPL art. 29) shown before the first booking, versioned.

A new version means every client agrees again before their next booking: add the new
text to ``TEXTS`` and point ``CURRENT_VERSION`` at it; old versions stay so that each
``Consent`` row can be read against what was shown.
"""

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

CURRENT_VERSION = "2026-1"

TEXTS: dict[str, Promise] = {
    "2026-1": _(
        "畅心屋心理咨询单独同意书\n"
        "1. 为安排和开展心理咨询，街道党群服务中心畅心屋将处理您的姓名、联系电话、预约时间，"
        "以及咨询师在咨询中记录的谈话要点、主题和风险评估。这些信息属于敏感个人信息。\n"
        "2. 咨询记录加密保存，只有为您服务的咨询师可以查看；心理督导只有在说明理由后才能查阅，每次查阅都会记录。"
        "您的工作单位和工会不会看到您是否预约或咨询内容，只能看到不少于5人的汇总统计。\n"
        "3. 例外：如咨询师判断存在危害自身或他人安全的风险，将依法转介给有关专业机构或人员，并记录转介对象、时间和原因。\n"
        "4. 咨询记录在保存期限届满后删除。您可以随时撤回同意；撤回后不能再预约，但不影响撤回前的处理。\n"
        "5. 心理咨询不是诊断或治疗；如需诊断，咨询师会建议您前往医疗机构。"
    ),
}


def current_text() -> str:
    return str(TEXTS[CURRENT_VERSION])


def text_of(version: str) -> str:
    return str(TEXTS[version])
