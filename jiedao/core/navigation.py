"""Links a programme adds to the navigation bar, without the bar naming the programme.

An app's ``AppConfig`` may define ``navigation(actor) -> Iterable[NavLink]``;
``jiedao.site.context_processors.programme_links`` asks every installed app in
``INSTALLED_APPS`` order, so adding a programme never touches ``templates/base.html``.
It may also define ``start(actor) -> str | None``: the URL name where the programme's own
staff begin (a legal-aid handler on the caseload); the home page sends staff to the first
one given, else to the registry dashboard (``jiedao.site.programmes.programme_start``).
"""

from dataclasses import dataclass

from django.utils.functional import Promise


@dataclass(frozen=True)
class NavLink:
    url_name: str  # a URL name without arguments, e.g. "unions:index"
    label: str | Promise  # a lazy translation
    # Staff links sit with the desk pages; the others with "my" pages (a resident's phone).
    staff: bool = True
