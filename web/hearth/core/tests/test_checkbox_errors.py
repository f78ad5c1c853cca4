"""GOV.UK checkboxes: the error summary's link reaches the first box, and the
fieldset points screen readers at the error."""

from __future__ import annotations

import re

from django import forms
from django.template.loader import render_to_string

from hearth.core.forms import GovUKFormMixin


class Ways(GovUKFormMixin, forms.Form):
    ways = forms.MultipleChoiceField(
        label="Five Ways",
        choices=[("connect", "Connect"), ("give", "Give")],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"required": "Choose at least one"},
    )


def test_the_error_summary_links_to_the_first_checkbox():
    form = Ways({})
    assert not form.is_valid()
    summary = render_to_string("core/includes/error_summary.html", {"form": form})
    boxes = render_to_string("core/includes/checkboxes.html", {"field": form["ways"]})
    target = re.search(r'href="#([^"]+)"', summary).group(1)
    assert f'id="{target}"' in boxes and 'type="checkbox"' in boxes
    assert re.search(rf'<label[^>]+for="{target}"', boxes)
    assert 'aria-describedby="' in boxes and f"{form['ways'].auto_id}-error" in boxes
    # Every box keeps a unique id.
    ids = re.findall(r'<input[^>]+id="([^"]+)"', boxes)
    assert len(ids) == len(set(ids)) == 2
