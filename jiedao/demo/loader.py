"""Loading the demo: an ordered list of steps run in one transaction.

A step is a plain function of the ``DemoContext``. It looks rows up by their natural
keys (sub-district code, area name, unit name, username, ID-number hash) and creates
only what is missing, so loading twice changes nothing and loading after a partial
load completes it.

The core steps are in ``jiedao/demo/demo_steps.py``. A programme adds its own demo
data the same way, with a ``demo_steps.py`` module in its app, found automatically::

    from jiedao.demo.loader import DemoContext, demo_step

    @demo_step("meetings", after=("accounts", "activities"))
    def load_meetings(ctx: DemoContext) -> None:
        jiachun = ctx.units["上海嘉春装饰设计工程有限公司"]
        body, _ = ctx.get_or_create(JointMeeting, subdistrict=ctx.subdistrict, defaults={...})
        ...

A step names the steps whose rows it needs (``after``); they run before it, and
steps that do not depend on each other run by name. The core steps (``areas``,
``units``, ``people``, ``residents``, ``accounts``) fill the context with what they
loaded; ``ctx.get_or_create`` counts what it made.
"""

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from graphlib import CycleError, TopologicalSorter
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils.module_loading import autodiscover_modules

from jiedao.accounts.models import User
from jiedao.core import audit
from jiedao.core.models import AuditEntry
from jiedao.demo import data
from jiedao.org.models import Grid, ResidentialArea, Subdistrict, Unit
from jiedao.org.services import subdistrict_values
from jiedao.people.models import Person

M = TypeVar("M", bound=models.Model)


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

    def get_or_create(self, model: type[M], defaults: dict[str, Any] | None = None, **lookup: Any) -> tuple[M, bool]:
        """``model.objects.get_or_create`` that counts a row it made."""
        obj, created = model._default_manager.get_or_create(defaults=defaults, **lookup)
        if created:
            self.count(model)
        return obj, created


@dataclass(frozen=True)
class Step:
    name: str
    after: tuple[str, ...]
    run: Callable[[DemoContext], None]


_STEPS: dict[str, Step] = {}


def demo_step(
    name: str, *, after: tuple[str, ...] = ()
) -> Callable[[Callable[[DemoContext], None]], Callable[[DemoContext], None]]:
    """Register a loader step that runs after the steps named in ``after``."""

    def register(run: Callable[[DemoContext], None]) -> Callable[[DemoContext], None]:
        _STEPS[name] = Step(name=name, after=tuple(after), run=run)
        return run

    return register


def order_steps(steps: dict[str, Step]) -> list[Step]:
    """Each step after those it names; independent steps by name, so the order is
    the same on every run. An unknown name or a cycle is a programming error."""
    for step in steps.values():
        unknown = set(step.after) - set(steps)
        if unknown:
            raise ValueError(f"demo step {step.name!r} runs after unknown steps {sorted(unknown)}")
    sorter = TopologicalSorter({name: steps[name].after for name in sorted(steps)})
    try:
        sorter.prepare()
    except CycleError as exc:
        raise ValueError(f"demo steps depend on each other in a cycle: {exc.args[1]}") from exc
    ordered: list[Step] = []
    while sorter.is_active():
        ready = sorted(sorter.get_ready())
        ordered.extend(steps[name] for name in ready)
        sorter.done(*ready)
    return ordered


def registered_steps() -> list[Step]:
    autodiscover_modules("demo_steps")
    return order_steps(_STEPS)


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
