"""Model fields that keep sensitive values encrypted in the database."""

from typing import Any

from django.db import models

from jiedao.core import crypto


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Stores ``crypto.encrypt(value)``; Python code only ever sees the plain text.

    Encrypted values cannot be searched or sorted: pair the field with a
    blind-index column when equality lookups are needed.
    """

    def from_db_value(self, value: str | None, expression: Any, connection: Any) -> str | None:
        if value is None or value == "":
            return value
        return crypto.decrypt(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        if value is None or value == "":
            return value
        return crypto.encrypt(str(value))
