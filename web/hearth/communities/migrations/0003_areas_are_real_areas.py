"""Link a community's LSOAs to real Area rows instead of free text codes."""

import django.db.models.deletion
from django.db import migrations, models


def link_areas(apps, schema_editor):
    CommunityArea = apps.get_model("communities", "CommunityArea")
    Area = apps.get_model("areas", "Area")
    for row in CommunityArea.objects.select_related("community"):
        area = (
            Area.objects.filter(geography=row.community.geography, code=row.area_code)
            .only("pk")
            .first()
        )
        if area is None:
            # A code that never was a loaded area cannot stay attached.
            row.delete()
            continue
        row.area_id = area.pk
        row.save(update_fields=["area"])


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0001_initial"),
        ("communities", "0002_archive_and_merge"),
    ]

    operations = [
        migrations.AddField(
            model_name="communityarea",
            name="area",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="community_links",
                to="areas.area",
            ),
        ),
        migrations.RunPython(link_areas, migrations.RunPython.noop),
        migrations.RemoveConstraint(
            model_name="communityarea", name="unique_community_area"
        ),
        migrations.RemoveField(model_name="communityarea", name="area_code"),
        migrations.AlterField(
            model_name="communityarea",
            name="area",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="community_links",
                to="areas.area",
            ),
        ),
        migrations.AddConstraint(
            model_name="communityarea",
            constraint=models.UniqueConstraint(
                fields=("community", "area"), name="unique_community_area"
            ),
        ),
        migrations.AlterModelOptions(
            name="communityarea", options={"ordering": ["area__code"]}
        ),
        migrations.AlterField(
            model_name="community",
            name="lad_code",
            field=models.CharField(db_index=True, max_length=9),
        ),
    ]
