"""Model instances read by hand-written SQL, for the few statements every request runs.

Building and compiling a queryset costs 0.2–0.8 ms on a small machine, ten to thirty times
what running the statement costs, and who is asking (session or token, user, roles) is
read on every request (docs/benchmarks.md, issue #13). Those statements name their
tables and columns from the models' own metadata through ``Columns`` and read the values
back through the converters the ORM would apply (encrypted fields, SQLite's datetimes), so
the instances are the ones a queryset would have built. Everywhere else, use the ORM.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Generic, TypeVar

from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.models import Field, Model

M = TypeVar("M", bound=Model)
Converter = Callable[[Any, Any, BaseDatabaseWrapper], Any]


@dataclass(frozen=True)
class Columns(Generic[M]):
    """The columns of ``model`` under ``alias`` in a SELECT (all concrete fields unless
    ``only`` names some; the primary key always), and how to turn their values back into
    an instance."""

    model: type[M]
    alias: str
    only: tuple[str, ...] = ()
    _converters: dict[str, list[tuple[int, list[Converter], Any]]] = field(default_factory=dict, compare=False)

    @cached_property
    def fields(self) -> list[Field]:  # type: ignore[type-arg]
        concrete = self.model._meta.concrete_fields
        if not self.only:
            return list(concrete)
        return [f for f in concrete if f.primary_key or f.name in self.only or f.attname in self.only]

    @cached_property
    def _pk_at(self) -> int:
        return next(i for i, f in enumerate(self.fields) if f.primary_key)

    @property
    def pk_name(self) -> str:
        pk = self.model._meta.pk
        assert pk is not None
        return pk.name

    def __len__(self) -> int:
        return len(self.fields)

    def select(self, connection: BaseDatabaseWrapper) -> str:
        quote = connection.ops.quote_name
        return ", ".join(f"{self.alias}.{quote(f.column)}" for f in self.fields)

    def table(self, connection: BaseDatabaseWrapper) -> str:
        return f"{connection.ops.quote_name(self.model._meta.db_table)} {self.alias}"

    def column(self, name: str, connection: BaseDatabaseWrapper) -> str:
        found = self.model._meta.get_field(name)
        assert isinstance(found, Field) and found.column, name  # a concrete field
        return f"{self.alias}.{connection.ops.quote_name(found.column)}"

    def load(self, row: Sequence[Any], start: int, using: str) -> M | None:
        """The instance from ``row[start:start + len(self)]``; None where its primary key is
        NULL (the missing side of a LEFT JOIN)."""
        connection = connections[using]
        fields = self.fields
        values = list(row[start : start + len(fields)])
        if values[self._pk_at] is None:
            return None
        for i, converters, expression in self._converters_for(connection):
            value = values[i]
            for convert in converters:
                value = convert(value, expression, connection)
            values[i] = value
        return self.model.from_db(using, [f.attname for f in fields], values)

    def _converters_for(self, connection: BaseDatabaseWrapper) -> list[tuple[int, list[Converter], Any]]:
        # As SQLCompiler.get_converters: the backend's, then the field's. Worked out once.
        found = self._converters.get(connection.alias)
        if found is None:
            found = []
            for i, f in enumerate(self.fields):
                expression = f.get_col(self.alias)
                converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
                if converters:
                    found.append((i, converters, expression))
            self._converters[connection.alias] = found
        return found


@dataclass(frozen=True)
class WithRelated(Generic[M]):
    """A model read with some of its foreign keys, as ``select_related`` would: one row,
    one instance with the related instances attached (None where the key is empty)."""

    root: Columns[M]
    related: tuple[tuple[str, Columns[Any]], ...]  # (foreign key name, its model's columns)

    def select_from(self, connection: BaseDatabaseWrapper) -> str:
        """``SELECT … FROM root LEFT JOIN …``: the caller adds WHERE."""
        columns = [self.root.select(connection)] + [c.select(connection) for _name, c in self.related]
        joins = [
            f"LEFT JOIN {c.table(connection)} ON {c.column(c.pk_name, connection)} = {self.root.column(name, connection)}"
            for name, c in self.related
        ]
        return f"SELECT {', '.join(columns)} FROM {self.root.table(connection)} {' '.join(joins)}"  # noqa: S608  (names from the models)

    def load(self, row: Sequence[Any], using: str) -> M | None:
        instance = self.root.load(row, 0, using)
        if instance is None:
            return None
        at = len(self.root)
        for name, columns in self.related:
            setattr(instance, name, columns.load(row, at, using))
            at += len(columns)
        return instance
