"""Loading the demo: an ordered list of steps run in one transaction.

A step is a plain function of the ``DemoContext``. It looks rows up by their natural
keys (sub-district code, area name, unit name, username, ID-number hash) and creates
only what is missing, so loading twice changes nothing and loading after a partial
load completes it.

The core steps are in ``jiedao/demo/demo_steps.py``. A programme adds its own demo
data the same way, with a ``demo_steps.py`` module in its app, found automatically::

    from jiedao.demo.loader import DemoContext, demo_step

    @demo_step("meetings", order=1000)
    def load_meetings(ctx: DemoContext) -> None:
        jiachun = ctx.units["上海嘉春装饰设计工程有限公司"]
        ...

Core steps use orders below 1000; the context carries what they loaded.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

from django.db import models, transaction
from django.utils.module_loading import autodiscover_modules

from jiedao.accounts.models import User
from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.demo import data
from jiedao.org.models import Grid, ResidentialArea, Subdistrict, Unit
from jiedao.org.services import subdistrict_values
from jiedao.people.models import Person


@dataclass(frozen=True)
class Login:
    username: str
    description: str


@dataclass
class DemoContext:
    subdistrict: Subdistrict
    residents: int = data.DEFAULT_RESIDENTS
    areas: dict[str, ResidentialArea] = field(default_factory=dict)
    grids: dict[tuple[str, str], Grid] = field(default_factory=dict)  # (area name, grid name)
    units: dict[str, Unit] = field(default_factory=dict)
    people: dict[str, Person] = field(default_factory=dict)  # officials by name, personas by key
    users: dict[str, User] = field(default_factory=dict)
    logins: list[Login] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    # Rows created by this run, by model label ("org.unit").
    created: Counter[str] = field(default_factory=Counter)

    def count(self, model: type[models.Model] | models.Model, n: int = 1) -> None:
        if n:
            self.created[model._meta.label_lower] += n


@dataclass(frozen=True)
class Step:
    name: str
    order: int
    run: Callable[[DemoContext], None]


_STEPS: dict[str, Step] = {}


def demo_step(name: str, *, order: int) -> Callable[[Callable[[DemoContext], None]], Callable[[DemoContext], None]]:
    """Register a loader step; steps run by ``order``, then by name."""

    def register(run: Callable[[DemoContext], None]) -> Callable[[DemoContext], None]:
        _STEPS[name] = Step(name=name, order=order, run=run)
        return run

    return register


def registered_steps() -> list[Step]:
    autodiscover_modules("demo_steps")
    return sorted(_STEPS.values(), key=lambda step: (step.order, step.name))


def _subdistrict() -> tuple[Subdistrict, bool]:
    existing = Subdistrict.objects.filter(code=data.SUBDISTRICT["code"]).first()
    if existing is not None:
        return existing, False
    sd = data.SUBDISTRICT
    values = subdistrict_values(
        name=sd["name"], code=sd["code"], district_name=sd["district_name"], district_code=sd["district_code"]
    )
    return Subdistrict.objects.create(**values), True


def load_demo(*, residents: int = data.DEFAULT_RESIDENTS) -> DemoContext:
    """Load (or complete) the Liangcheng Xincun demo; returns what was loaded."""
    steps = registered_steps()
    with transaction.atomic():
        subdistrict, created = _subdistrict()
        ctx = DemoContext(subdistrict=subdistrict, residents=residents)
        ctx.count(Subdistrict, int(created))
        for step in steps:
            step.run(ctx)
        if ctx.created:
            # One entry for the whole load; a re-run that creates nothing writes nothing.
            audit.record(
                actor=None,
                action=AuditEntry.Action.IMPORT,
                object_type="demo",
                object_repr=f"{subdistrict.name}演示数据",
                subdistrict_id=subdistrict.pk,
                detail={"created": dict(ctx.created), "residents": residents},
            )
    return ctx
