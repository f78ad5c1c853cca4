"""GOV.UK Design System styling for Django forms."""

from __future__ import annotations

from datetime import date
from typing import Any

from django import forms
from django.utils import timezone

_WIDGET_CLASSES: dict[type[forms.Widget], str] = {
    forms.Textarea: "govuk-textarea",
    forms.Select: "govuk-select",
    forms.SelectMultiple: "govuk-select",
    forms.CheckboxInput: "govuk-checkboxes__input",
    forms.FileInput: "govuk-file-upload",
    forms.ClearableFileInput: "govuk-file-upload",
}


class GovUKDateWidget(forms.MultiWidget):
    """The GOV.UK date input: day, month and year boxes (``name_day`` …)."""

    template_name = "core/widgets/date.html"
    is_govuk_date = True

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        parts: dict[str, forms.Widget | type[forms.Widget]] = {
            "day": forms.TextInput(attrs={"inputmode": "numeric"}),
            "month": forms.TextInput(attrs={"inputmode": "numeric"}),
            "year": forms.TextInput(attrs={"inputmode": "numeric"}),
        }
        super().__init__(parts, attrs)

    def decompress(self, value: Any) -> list[Any]:
        if isinstance(value, date):
            return [value.day, value.month, value.year]
        return [None, None, None]

    def get_context(self, name: str, value: Any, attrs: Any) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        labels = ("Day", "Month", "Year")
        widths = ("2", "2", "4")
        error = "govuk-input--error" in str(self.attrs.get("class", ""))
        base = context["widget"]["attrs"].get("id", "")
        for sub, label, width in zip(
            context["widget"]["subwidgets"], labels, widths, strict=True
        ):
            sub["label"] = label
            if base:  # id_due_day, as the error summary links to it
                sub["attrs"]["id"] = f"{base}_{label.lower()}"
            sub["attrs"]["class"] = (
                f"govuk-input govuk-date-input__input govuk-input--width-{width}"
                + (" govuk-input--error" if error else "")
            )
            sub["attrs"].pop("aria-describedby", None)
        return context


class GovUKDateField(forms.MultiValueField):
    """A date entered as day, month and year, with GOV.UK error messages."""

    widget = GovUKDateWidget

    def __init__(self, *args: Any, past_only: bool = False, **kwargs: Any) -> None:
        """``past_only``: a date after today is an error (a date of birth)."""
        self.past_only = past_only
        parts = (
            forms.CharField(required=False),
            forms.CharField(required=False),
            forms.CharField(required=False),
        )
        kwargs.setdefault("require_all_fields", False)
        super().__init__(parts, *args, **kwargs)

    def clean(self, value: Any) -> date | None:
        parts = [str(v or "").strip() for v in (value or [None, None, None])]
        label = str(self.label or "The date")
        if not any(parts):
            if self.required:
                raise forms.ValidationError(f"Enter {label[0].lower()}{label[1:]}")
            return None
        missing = [
            n for n, v in zip(("day", "month", "year"), parts, strict=True) if not v
        ]
        if missing:
            raise forms.ValidationError(
                f"{label} must include a {' and '.join(missing)}"
            )
        if not all(p.isdigit() for p in parts) or len(parts[2]) != 4:
            raise forms.ValidationError(f"{label} must be a real date")
        try:
            day = date(int(parts[2]), int(parts[1]), int(parts[0]))
        except ValueError:
            raise forms.ValidationError(f"{label} must be a real date") from None
        if self.past_only and day > timezone.localdate():
            raise forms.ValidationError(f"{label} must be today or in the past")
        return day

    def compress(self, data_list: list[Any]) -> date | None:  # pragma: no cover
        return None  # clean() builds the date itself


class GovUKFormMixin:
    """Give widgets GOV.UK classes and link hints and errors for screen readers."""

    fields: dict[str, forms.Field]
    prefix: str | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, GovUKDateWidget):
                continue
            css = next(
                (c for cls, c in _WIDGET_CLASSES.items() if isinstance(widget, cls)),
                "govuk-input",
            )
            classes = [css, *str(widget.attrs.get("class", "")).split()]
            widget.attrs["class"] = " ".join(dict.fromkeys(classes))

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
                if isinstance(field.widget, GovUKDateWidget):
                    field.widget.attrs["class"] = "govuk-input--error"
                    continue
                cls = field.widget.attrs.get("class", "")
                error_class = cls.split()[0] + "--error" if cls else ""
                if error_class and error_class not in cls:
                    field.widget.attrs["class"] = f"{cls} {error_class}"
            if described:
                field.widget.attrs["aria-describedby"] = " ".join(described)
