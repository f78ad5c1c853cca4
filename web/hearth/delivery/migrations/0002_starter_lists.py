"""A starter list of services and activity types (the council changes it at
/delivery/lists/). The names follow Chorley's Week of Action: home fire
safety checks, clean-ups and skip days, crime prevention and property
marking, health checks and flu jabs, benefits, housing and adult-learning
advice."""

from django.db import migrations
from django.utils.text import slugify

SERVICES = [
    ("Smoke alarm fitting", "fire_rescue"),
    ("Home fire safety visit", "fire_rescue"),
    ("Flu jab", "nhs"),
    ("Health check", "nhs"),
    ("Benefits check", "council"),
    ("Bulky waste collection", "council"),
    ("Property marking kit", "police"),
    ("Crime prevention visit", "police"),
    ("Housing repair", "housing"),
    ("Housing advice appointment", "housing"),
    ("Adult learning course", "other"),
    ("Energy and warmth advice", "vcs"),
]
ACTIVITY_TYPES = [
    ("Home fire safety check", "fire_rescue"),
    ("Clean-up", "council"),
    ("Skip day", "council"),
    ("Crime prevention and property marking", "police"),
    ("Health check", "nhs"),
    ("Flu jab clinic", "nhs"),
    ("Benefits advice", "council"),
    ("Housing advice", "housing"),
    ("Adult learning advice", "other"),
    ("Energy and warmth advice", "vcs"),
]


def add(apps, schema_editor):
    for model_name, rows in (("Service", SERVICES), ("ActivityType", ACTIVITY_TYPES)):
        model = apps.get_model("delivery", model_name)
        for name, kind in rows:
            model.objects.get_or_create(
                name=name, defaults={"slug": slugify(name), "organisation_kind": kind}
            )


class Migration(migrations.Migration):
    dependencies = [("delivery", "0001_initial")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
