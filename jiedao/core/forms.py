"""The form base every programme uses, and how a service's errors reach a form.

Forms collect and type the input; the services validate it. A service's
``ValidationError`` names fields; ``add_service_errors`` puts each message next to
the field of that name (or under another name through ``field_names``) and the rest
above the form.
"""

from collections.abc import Mapping
from typing import Any, ClassVar

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import model_to_dict

from jiedao.core.validators import NoControlCharacters


def refuse_control_characters(field: forms.Field) -> None:
    """Make a text field refuse control characters (``NoControlCharacters``; a text
    area keeps tabs and line breaks). Other fields are left as they are."""
    if isinstance(field, forms.CharField):
        field.validators.append(NoControlCharacters(multi_line=isinstance(field.widget, forms.Textarea)))


class _Bootstrap(forms.BaseForm):
    """Bootstrap classes on every widget; a field with an error is marked
    invalid and points at its message for screen readers. Every text field
    refuses control characters (a text area keeps tabs and line breaks), so no
    form lets one through, whether or not its service cleans the text."""

    base_fields: ClassVar[dict[str, forms.Field]]  # set by the form metaclass

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            refuse_control_characters(field)  # each form has its own copy of its fields' validators
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect | forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            classes = widget.attrs.get("class", "").split()
            if css not in classes:
                widget.attrs["class"] = " ".join([*classes, css])

    @classmethod
    def initial_from(cls, instance: models.Model) -> dict[str, Any]:
        """The values to edit ``instance`` with: each of the form's fields that the
        model has (a related row as its id)."""
        return model_to_dict(instance, fields=list(cls.base_fields))

    def add_error(self, field: Any, error: Any) -> None:
        super().add_error(field, error)
        for name in self.errors:
            if name not in self.fields:
                continue
            bound, attrs = self[name], self.fields[name].widget.attrs
            classes = attrs.get("class", "").split()
            if "is-invalid" not in classes:
                attrs["class"] = " ".join([*classes, "is-invalid"])
            described = [f"{bound.auto_id}_error"]
            if self.fields[name].help_text:
                described.append(f"{bound.auto_id}_helptext")
            attrs["aria-describedby"] = " ".join(described)


class BootstrapForm(_Bootstrap, forms.Form):
    """The form every page uses: see ``_Bootstrap``."""


class BootstrapModelForm(_Bootstrap, forms.ModelForm):  # type: ignore[type-arg]
    """``BootstrapForm``'s styling for the few set-up forms that edit a model row."""


def add_service_errors(form: forms.BaseForm, error: ValidationError, field_names: Mapping[str, str] = {}) -> None:
    """Each message of a service's ``ValidationError`` next to its field (renamed
    through ``field_names``), once; messages for no field of the form go above it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for key, messages in error.message_dict.items():
        name = field_names.get(key, key)
        if name in form.fields and name not in form.errors:
            form.add_error(name, messages)
        else:
            form.add_error(None, messages)
