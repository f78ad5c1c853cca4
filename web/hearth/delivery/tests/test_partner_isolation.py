"""A partner never sees another partner's requests or contact details: not
in the queue, a request's page, the exports, bulk updates, imports or the
report; contact details reach only the organisation asked and the person who
recorded the request, and every showing is audited."""

from __future__ import annotations

import csv
import io
import json

import pytest
from django.urls import reverse

from hearth.accounts.models import Organisation, Role
from hearth.accounts.tests.factories import OrganisationFactory, UserFactory
from hearth.audit.models import AuditEvent
from hearth.delivery.models import Request

from . import factories

pytestmark = pytest.mark.django_db

FIRE_PHONE = "01257 100100"
NHS_PHONE = "01257 200200"
OFFICER_PHONE = "01257 300300"


@pytest.fixture
def setting(personas):
    event = factories.event(lead=personas.council, by=personas.olivia)
    factories.partner(event, personas.fire)
    nhs = OrganisationFactory(name="NHS Lancashire", kind=Organisation.Kind.NHS)
    nina = UserFactory(username="nina", roles=[(nhs, Role.PARTNER)])
    factories.partner(event, nhs)
    fire_request = factories.request(
        event, personas.fire, by=personas.priya, phone=FIRE_PHONE
    )
    nhs_request = factories.request(
        event, nhs, service_name="Flu jab", by=nina, phone=NHS_PHONE
    )
    # Olivia met a household at the door and passed it to Fire and Rescue.
    passed_on = factories.request(
        event, personas.fire, by=personas.olivia, phone=OFFICER_PHONE
    )
    return event, nhs, nina, fire_request, nhs_request, passed_on


def _csv(response):
    text = response.content.decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def test_the_queue_shows_a_partner_its_own_requests_only(setting, personas, client):
    _event, _nhs, _nina, fire_request, _nhs_request, passed_on = setting
    client.force_login(personas.priya)
    body = client.get(reverse("delivery:requests")).content.decode()
    assert f"{fire_request.pk}: Smoke alarm fitting" in body
    assert f"{passed_on.pk}: Smoke alarm fitting" in body
    assert "Flu jab" not in body.split("<table")[1]
    assert (
        NHS_PHONE not in body and FIRE_PHONE not in body
    )  # contact details are on the request's page
    # No other list to ask for.
    assert client.get(reverse("delivery:requests") + "?view=all").status_code == 404


def test_a_partner_cannot_open_another_partners_request(setting, personas, client):
    _event, _nhs, nina, fire_request, nhs_request, _passed_on = setting
    client.force_login(personas.priya)
    assert (
        client.get(reverse("delivery:request", args=[nhs_request.pk])).status_code
        == 404
    )
    response = client.post(
        reverse("delivery:request", args=[nhs_request.pk]),
        {"form": "update", "update-status": "done"},
    )
    assert response.status_code == 404
    client.force_login(nina)
    assert (
        client.get(reverse("delivery:request", args=[fire_request.pk])).status_code
        == 404
    )
    nhs_request.refresh_from_db()
    assert nhs_request.status == "requested"


def test_exports_hold_only_the_partners_requests_and_contacts(
    setting, personas, client
):
    _event, _nhs, _nina, fire_request, _nhs_request, passed_on = setting
    client.force_login(personas.priya)
    rows = _csv(
        client.get(reverse("delivery:requests-export", args=["csv"]) + "?contacts=1")
    )
    assert sorted(int(r["reference"]) for r in rows) == sorted(
        [fire_request.pk, passed_on.pk]
    )
    assert {r["contact_phone"] for r in rows} == {FIRE_PHONE, OFFICER_PHONE}
    xlsx = client.get(
        reverse("delivery:requests-export", args=["xlsx"]) + "?contacts=1"
    ).content
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx)).active
    values = [str(c.value) for row in sheet.iter_rows() for c in row]
    assert NHS_PHONE not in values and "Flu jab" not in values
    # Each contact shown was audited as a view of a personal record (two
    # downloads, two requests in each).
    views = AuditEvent.objects.filter(
        action="view", actor=personas.priya, object_type="delivery.request"
    )
    assert sorted(int(v.object_id) for v in views) == sorted(
        [fire_request.pk, passed_on.pk] * 2
    )
    assert all(v.personal for v in views)


def test_bulk_updates_refuse_another_partners_requests(setting, personas, client):
    _event, _nhs, _nina, fire_request, nhs_request, _passed_on = setting
    client.force_login(personas.priya)
    response = client.post(
        reverse("delivery:requests"),
        {"request": [fire_request.pk, nhs_request.pk], "bulk-status": "done"},
    )
    assert response.status_code == 403
    assert set(Request.objects.values_list("status", flat=True)) == {"requested"}
    response = client.post(
        reverse("delivery:requests"),
        {"request": [fire_request.pk], "bulk-status": "done"},
    )
    assert response.status_code == 302
    fire_request.refresh_from_db()
    assert fire_request.status == "done"


def test_contact_details_reach_the_organisation_asked_and_the_recorder_only(
    setting, personas, client
):
    _event, _nhs, _nina, fire_request, nhs_request, passed_on = setting
    page = reverse("delivery:request", args=[passed_on.pk])
    client.force_login(personas.priya)  # the organisation asked
    assert OFFICER_PHONE in client.get(page).content.decode()
    client.force_login(personas.olivia)  # who recorded it
    assert OFFICER_PHONE in client.get(page).content.decode()
    # Olivia runs the event and sees every request, but not others' contacts.
    body = client.get(
        reverse("delivery:request", args=[nhs_request.pk])
    ).content.decode()
    assert "Flu jab" in body and NHS_PHONE not in body and "Contact details" not in body
    body = client.get(reverse("delivery:requests") + "?view=all").content.decode()
    assert "Flu jab" in body and NHS_PHONE not in body and FIRE_PHONE not in body
    rows = _csv(
        client.get(
            reverse("delivery:requests-export", args=["csv"]) + "?view=all&contacts=1"
        )
    )
    phones = {int(r["reference"]): r["contact_phone"] for r in rows}
    assert phones == {
        fire_request.pk: "",
        nhs_request.pk: "",
        passed_on.pk: OFFICER_PHONE,
    }
    # Every view of contact details is in the audit log; views that showed none are not.
    viewed = set(
        AuditEvent.objects.filter(action="view").values_list(
            "actor__username", "object_id"
        )
    )
    assert ("priya", str(passed_on.pk)) in viewed
    assert ("olivia", str(passed_on.pk)) in viewed
    assert ("olivia", str(nhs_request.pk)) not in viewed
    # The administrator oversees events but did not record it: no contacts.
    client.force_login(personas.alice)
    assert (
        FIRE_PHONE
        not in client.get(
            reverse("delivery:request", args=[fire_request.pk])
        ).content.decode()
    )


def test_a_partners_report_counts_its_own_requests_only(setting, personas, client):
    event, *_ = setting
    # Enough of Fire and Rescue's requests that the downloads show the counts.
    for _ in range(4):
        factories.request(event, personas.fire, by=personas.priya)
    client.force_login(personas.priya)
    body = client.get(reverse("delivery:report", args=[event.pk])).content.decode()
    assert "Smoke alarm fitting" in body and "Flu jab" not in body
    data = json.loads(
        client.get(reverse("delivery:report-download", args=[event.pk, "json"])).content
    )
    assert data["requests"]["total"] == 6
    assert [s["service"] for s in data["requests"]["by_service"]] == [
        "Smoke alarm fitting"
    ]
    assert [p["organisation"] for p in data["partners"]] == [
        "Lancashire Fire and Rescue Service"
    ]
    rows = _csv(client.get(reverse("delivery:report-download", args=[event.pk, "csv"])))
    assert {r["service"] for r in rows} == {"Smoke alarm fitting", "All services"}
    # The organiser sees everyone's (the NHS's one flu jab is suppressed).
    client.force_login(personas.olivia)
    data = json.loads(
        client.get(reverse("delivery:report-download", args=[event.pk, "json"])).content
    )
    assert data["requests"]["total"] == 7
    assert [(s["service"], s["total"]) for s in data["requests"]["by_service"]] == [
        ("Smoke alarm fitting", 6),
        ("Flu jab", None),
    ]


def test_report_downloads_hide_small_counts(setting, personas, client):
    """Fire and Rescue has 2 requests and the NHS 1: every count from 1 to 4
    is "<5" in the CSV and XLSX and null in the JSON; 0 is shown."""
    event, *_ = setting
    client.force_login(personas.olivia)
    rows = _csv(client.get(reverse("delivery:report-download", args=[event.pk, "csv"])))
    smoke = next(r for r in rows if r["service"] == "Smoke alarm fitting")
    assert (smoke["total"], smoke["requested"], smoke["done"]) == ("<5", "<5", "0")
    everything = next(r for r in rows if r["service"] == "All services")
    assert everything["total"] == "<5"
    partners = _csv(
        client.get(
            reverse("delivery:report-download", args=[event.pk, "csv"])
            + "?table=partners"
        )
    )
    fire = next(r for r in partners if r["organisation"] == personas.fire.name)
    assert (fire["requests"], fire["done"]) == ("<5", "0")

    data = json.loads(
        client.get(reverse("delivery:report-download", args=[event.pk, "json"])).content
    )
    _assert_small_counts_are_null(data, personas.fire.name)
    assert "01257" not in json.dumps(data)


def _assert_small_counts_are_null(data, fire_name):
    # The keys stay; the values from 1 to 4 are null.
    assert set(data) == {"event", "partners", "requests"}
    assert set(data["requests"]) == {"total", "outside_target_areas", "by_service"}
    assert data["requests"]["total"] is None
    assert data["requests"]["outside_target_areas"] == 0
    smoke, flu = data["requests"]["by_service"]
    assert smoke["service"] == "Smoke alarm fitting"
    assert smoke["total"] is None
    assert smoke["by_status"]["requested"] is None
    assert smoke["by_status"]["done"] == 0
    assert set(smoke["by_status"]) == {
        "requested",
        "accepted",
        "booked",
        "done",
        "declined",
        "no_access",
    }
    assert (flu["service"], flu["total"]) == ("Flu jab", None)
    fire = next(p for p in data["partners"] if p["organisation"] == fire_name)
    assert (fire["requests"], fire["done"]) == (None, 0)
    assert data["event"]["properties_with_requests"] is None
    assert data["event"]["people_reached"] == 0


def test_the_report_commands_json_hides_small_counts(setting, personas):
    from io import StringIO

    from django.core.management import call_command

    event, *_ = setting
    out = StringIO()
    call_command("events", "report", str(event.pk), "--format", "json", stdout=out)
    _assert_small_counts_are_null(json.loads(out.getvalue()), personas.fire.name)


def test_the_report_commands_csv_hides_small_counts(setting, capsys):
    from django.core.management import call_command

    event, *_ = setting
    call_command("events", "report", str(event.pk), "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    smoke = next(r for r in rows if r["service"] == "Smoke alarm fitting")
    assert (smoke["total"], smoke["requested"], smoke["done"]) == ("<5", "<5", "0")
    everything = next(r for r in rows if r["service"] == "All services")
    assert (everything["total"], everything["requested"]) == ("<5", "<5")


def test_a_partner_cannot_import_another_partners_requests(setting, personas, client):
    event, nhs, *_ = setting
    upload = io.BytesIO(
        b"service,organisation,uprn,postcode,requested,status,outcome\r\n"
        + f"Flu jab,{nhs.name},,PR7 1DP,{event.start},done,\r\n".encode()
    )
    upload.name = "sheet.csv"
    client.force_login(personas.priya)
    response = client.post(
        reverse("delivery:request-import", args=[event.pk]), {"file": upload}
    )
    assert response.status_code == 400
    assert (
        "you can import only your own organisation&#x27;s requests"
        in response.content.decode()
    )
    assert Request.objects.count() == 3
