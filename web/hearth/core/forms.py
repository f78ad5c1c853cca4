"""GOV.UK Design System styling for Django forms."""

from __future__ import annotations

from typing import Any

from django import forms

_WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.FileInput: "govuk-file-upload",
    forms.ClearableFileInput: "govuk-file-upload",
}


class GovUKFormMixin:
    """Give widgets GOV.UK classes and link hints and errors for screen readers."""

    fields: dict[str, forms.Field]
    prefix: str | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            css = next(
                (c for cls, c in _WIDGET_CLASSES.items() if isinstance(widget, cls)),
                "govuk-input",
            )
            widget.attrs["class"] = f"{css} {widget.attrs.get('class', '')}".strip()

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        errors: dict[str, Any] = getattr(self, "_errors", None) or {}
        for name, field in self.fields.items():
            bound_id = f"id_{self.prefix}-{name}" if self.prefix else f"id_{name}"
            described = []
            if field.help_text:
                described.append(f"{bound_id}-hint")
            if name in errors:
                described.append(f"{bound_id}-error")
                cls = field.widget.attrs.get("class", "")
                error_class = cls.split()[0] + "--error" if cls else ""
                if error_class and error_class not in cls:
                    field.widget.attrs["class"] = f"{cls} {error_class}"
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)
