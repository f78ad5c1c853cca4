from __future__ import annotations

from django import forms

from hearth.core.forms import GovUKFormMixin

from .models import AuditEvent


class AuditFilterForm(GovUKFormMixin, forms.Form):
    actor = forms.CharField(label="Who (username)", required=False)
    action = forms.ChoiceField(
        label="What happened",
        required=False,
        choices=[("", "Any action"), *AuditEvent.Action.choices],
    )
    object_type = forms.CharField(
        label="Kind of record",
        required=False,
        help_text="For example accounts.membership",
    )
    date_from = forms.DateField(
        label="From date",
        required=False,
        help_text="For example 2026-11-01",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = forms.DateField(
        label="To date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    personal = forms.BooleanField(label="Only personal records", required=False)

    def clean(self) -> dict[str, object]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and start > end:
            self.add_error(
                "date_to", "The to date must be the same as or after the from date"
            )
        return cleaned
