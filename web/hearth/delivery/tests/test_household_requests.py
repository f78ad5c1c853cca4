"""Household requests: placing them, working them, importing returned
sheets, the outcome report and the retention of contact details."""

from __future__ import annotations

import json
from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from hearth.accounts.models import Organisation
from hearth.accounts.tests.factories import OrganisationFactory
from hearth.audit.models import AuditEvent
from hearth.delivery import queries, services
from hearth.delivery.models import Request, RequestChange, Service
from hearthcore.delivery import RequestRow

from . import factories

pytestmark = pytest.mark.django_db

HEADER = "service,organisation,uprn,postcode,requested,status,outcome"


@pytest.fixture
def setting():
    """An event for LSOAs 0 and 1 of the test England, with fire and health partners,
    two properties in the gazetteer (one outside the target area) and a
    postcode outside it too."""
    event = factories.event()
    fire = factories.partner(event)
    nhs = factories.partner(event, name="NHS Lancashire", kind=Organisation.Kind.NHS)
    factories.address(100000000001, 0, text="1 Moss Lane, Clayton Brook")
    factories.address(100000000002, 4, text="2 Preston Road, Preston")
    factories.postcode("PR11AA", 5)
    return event, fire, nhs


def test_a_request_is_placed_by_uprn_else_by_postcode(setting):
    event, fire, _nhs = setting
    by_uprn = factories.request(event, fire, uprn=100000000001)
    assert (by_uprn.placed_by, by_uprn.lsoa21) == ("uprn", "E01000000")
    by_postcode = factories.request(event, fire, postcode_="pr7 1dp")
    assert (by_postcode.placed_by, by_postcode.lsoa21, by_postcode.postcode) == (
        "postcode",
        "E01000000",
        "PR71DP",
    )
    # A UPRN the gazetteer does not hold falls back on the postcode.
    fallback = services.record_request(
        event,
        service=factories.service(),
        organisation=fire,
        uprn=999,
        postcode="PR7 1DP",
        requested=event.start,
        by=None,
    )
    assert fallback.placed_by == "postcode"
    with pytest.raises(
        services.DeliveryError,
        match="UPRN 999 is not in the address gazetteer and PR9 9ZZ is not a postcode Hearth knows",
    ):
        services.record_request(
            event,
            service=factories.service(),
            organisation=fire,
            uprn=999,
            postcode="PR99ZZ",
            requested=event.start,
            by=None,
        )


def test_requests_from_outside_the_target_area_are_counted_not_dropped(setting):
    event, fire, nhs = setting
    factories.request(event, fire, uprn=100000000001, status="done")
    factories.request(event, fire, uprn=100000000002)  # Preston: outside
    factories.request(
        event, nhs, service_name="Flu jab", postcode_="PR11AA", status="done"
    )  # outside
    report = queries.report(event)
    assert report.requests["total"] == 3
    assert report.requests["outside_target_areas"] == 2
    assert report.done == 2
    smoke = next(
        s
        for s in report.requests["by_service"]
        if s["service"] == "Smoke alarm fitting"
    )
    assert (
        smoke["total"],
        smoke["by_status"]["done"],
        smoke["by_status"]["requested"],
    ) == (2, 1, 1)
    assert report.outside_by_service[("Flu jab", "NHS Lancashire")] == 1


def test_a_status_change_is_written_to_the_history_and_closes_the_request(setting):
    event, fire, _nhs = setting
    found = factories.request(event, fire, uprn=100000000001)
    services.update_request(found, status="booked", outcome="Visit on Tuesday", by=None)
    assert found.closed_at is None
    services.update_request(found, status="done", outcome="2 alarms fitted", by=None)
    found.refresh_from_db()
    assert found.closed_at is not None
    assert list(found.changes.values_list("old_status", "new_status")) == [
        ("booked", "done"),
        ("requested", "booked"),
        ("", "requested"),
    ]
    # Reopened: no longer closed.
    services.update_request(found, status="booked", outcome=None, by=None)
    found.refresh_from_db()
    assert found.closed_at is None and found.outcome == "2 alarms fitted"


def test_bulk_updates_change_many_at_once(setting):
    event, fire, _nhs = setting
    rows = [factories.request(event, fire, uprn=100000000001) for _ in range(3)]
    assert services.bulk_update(rows, status="no_access", outcome=None, by=None) == 3
    assert services.bulk_update(rows, status="no_access", outcome=None, by=None) == 0
    assert set(Request.objects.values_list("status", flat=True)) == {"no_access"}
    assert RequestChange.objects.filter(note="Bulk update").count() == 3


def _write(tmp_path, *lines, name="returned.csv"):
    path = tmp_path / name
    path.write_text("\r\n".join((HEADER, *lines)) + "\r\n", encoding="utf-8")
    return path


def test_an_import_with_a_problem_changes_nothing_and_names_the_lines(
    setting, tmp_path
):
    event, _fire, _nhs = setting
    path = _write(
        tmp_path,
        "Smoke alarm fitting,Lancashire Fire and Rescue Service,100000000001,,2024-10-07,done,",
        "Smoke alarms,Lancashire Fire & Rescue Service,,PR7 1DP,2024-10-07,done,",
        "Flu jab,NHS Lancs,,PR7 1DP,2024-10-07,done,",
        "Flu jab,NHS Lancashire,123,,2024-10-07,done,",
    )
    with pytest.raises(CommandError) as error:
        call_command(
            "requests", "import", str(path), "--event", str(event.pk), stdout=StringIO()
        )
    text = str(error.value)
    assert "nothing changed" in text
    assert (
        "line 3, column service: 'Smoke alarms' is not a service Hearth knows; did you mean 'Smoke alarm fitting'?"
        in text
    )
    assert (
        "line 4, column organisation: 'NHS Lancs' is not an organisation Hearth knows; did you mean 'NHS Lancashire'"
        in text
    )
    assert "line 5, column uprn: UPRN 123 is not in the address gazetteer" in text
    # "&" and "and" are the same name.
    assert "line 3, column organisation" not in text
    assert Request.objects.count() == 0


def test_create_missing_adds_services_and_organisations(setting, tmp_path):
    event, _fire, _nhs = setting
    path = _write(
        tmp_path,
        "Loft insulation,Warm Homes Lancashire,,PR7 1DP,07/10/2024,booked,",
        "Flu jab,Lancashire Teaching Hospitals NHS Foundation Trust,,PR7 1DP,07/10/2024,done,",
    )
    out = StringIO()
    call_command(
        "requests",
        "import",
        str(path),
        "--event",
        str(event.pk),
        "--create-missing",
        stdout=out,
    )
    assert "2 requests added" in out.getvalue()
    assert "new services: Loft insulation" in out.getvalue()
    assert (
        Organisation.objects.get(name="Warm Homes Lancashire").kind
        == Organisation.Kind.OTHER
    )
    # A new NHS trust is NHS, so it fills a "No health partner yet" gap.
    assert (
        Organisation.objects.get(name__startswith="Lancashire Teaching").kind
        == Organisation.Kind.NHS
    )
    assert Service.objects.filter(name="Loft insulation").exists()


def test_importing_the_same_sheet_twice_updates_instead_of_adding(setting, tmp_path):
    event, _fire, _nhs = setting
    lines = [
        "Smoke alarm fitting,Lancashire Fire and Rescue Service,,PR7 1DP,2024-10-07,requested,",
        "Smoke alarm fitting,Lancashire Fire and Rescue Service,,PR7 1DP,2024-10-07,requested,",
    ]
    call_command(
        "requests",
        "import",
        str(_write(tmp_path, *lines)),
        "--event",
        str(event.pk),
        stdout=StringIO(),
    )
    lines[1] = lines[1].replace("requested,", "done,Fitted 2")
    out = StringIO()
    call_command(
        "requests",
        "import",
        str(_write(tmp_path, *lines)),
        "--event",
        str(event.pk),
        stdout=out,
    )
    assert "0 requests added, 1 updated, 1 unchanged" in out.getvalue()
    assert sorted(Request.objects.values_list("status", flat=True)) == [
        "done",
        "requested",
    ]


def test_an_exported_queue_updated_in_excel_reimports_by_reference(setting):
    event, fire, _nhs = setting
    first = factories.request(event, fire, uprn=100000000001)
    rows = [
        RequestRow(
            line=2,
            service="Smoke alarm fitting",
            organisation=fire.name,
            uprn=100000000001,
            postcode="",
            requested=event.start,
            status="done",
            outcome="Fitted",
            reference=first.pk,
        )
    ]
    outcome = services.import_requests(event, rows, by=None)
    assert (outcome.created, outcome.updated) == (0, 1)
    first.refresh_from_db()
    assert (first.status, first.outcome) == ("done", "Fitted")


def test_a_partner_imports_only_its_own_organisations_requests(setting):
    event, fire, nhs = setting
    theirs = factories.request(event, nhs, service_name="Flu jab", uprn=100000000001)
    rows = [
        RequestRow(2, "Smoke alarm fitting", fire.name, None, "PR71DP", event.start),
        RequestRow(3, "Flu jab", nhs.name, None, "PR71DP", event.start),
        RequestRow(
            4, "Flu jab", fire.name, None, "PR71DP", event.start, "done", "", theirs.pk
        ),
    ]
    with pytest.raises(services.RequestImportError) as error:
        services.import_requests(event, rows, by=None, only_organisations={fire.pk})
    text = str(error.value)
    assert (
        "line 3, column organisation: you can import only your own organisation's requests, not NHS Lancashire's"
        in text
    )
    assert (
        f"line 4, column reference: request {theirs.pk} was not asked of your organisation"
        in text
    )
    assert "line 2" not in text
    assert Request.objects.count() == 1


def test_the_chorley_tallies_are_reproduced_from_a_returned_sheet(tmp_path):
    """A test fixture shaped like Chorley's Week of Action follow-up (150 smoke
    alarm requests to fire and rescue, 40 flu jabs by the primary care
    trust): the rows are built here, they are not real data."""
    event = factories.event(name="Week of Action (test fixture)")
    fire = factories.partner(event, name="Lancashire Fire and Rescue Service")
    factories.partner(
        event,
        name="Chorley and South Ribble Primary Care Trust",
        kind=Organisation.Kind.NHS,
    )
    factories.postcode("PR11AA", 5)  # outside the target area
    lines = []
    for i in range(150):
        status = "done" if i < 120 else "booked" if i < 140 else "no access"
        where = ",PR1 1AA" if i % 25 == 0 else ",PR7 1DP"
        lines.append(
            f"Smoke alarm fitting,Lancashire Fire and Rescue Service,{where},2024-10-{7 + i % 5:02d},{status},"
        )
    for i in range(40):
        lines.append(
            f"Flu jab,Chorley and South Ribble Primary Care Trust,,PR7 1DP,2024-10-{7 + i % 5:02d},done,Given at the clinic"
        )
    path = _write(tmp_path, *lines, name="week-of-action-returns.csv")
    call_command(
        "requests", "import", str(path), "--event", str(event.pk), stdout=StringIO()
    )
    out = StringIO()
    call_command("events", "report", str(event.pk), "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    assert set(data) == {"event", "partners", "requests"}
    assert set(data["requests"]) == {"total", "outside_target_areas", "by_service"}
    assert data["requests"]["total"] == 190
    assert data["requests"]["outside_target_areas"] == 6
    smoke, flu = data["requests"]["by_service"]
    assert smoke == {
        "service": "Smoke alarm fitting",
        "organisation": "Lancashire Fire and Rescue Service",
        "total": 150,
        "by_status": {
            "requested": 0,
            "accepted": 0,
            "booked": 20,
            "done": 120,
            "declined": 0,
            "no_access": 10,
        },
    }
    assert (
        flu["service"],
        flu["organisation"],
        flu["total"],
        flu["by_status"]["done"],
    ) == (
        "Flu jab",
        "Chorley and South Ribble Primary Care Trust",
        40,
        40,
    )
    assert data["event"]["name"] == "Week of Action (test fixture)"
    assert [p["organisation"] for p in data["partners"]] == [
        "Chorley Council",
        "Chorley and South Ribble Primary Care Trust",
        "Lancashire Fire and Rescue Service",
    ]
    assert (
        next(p for p in data["partners"] if p["organisation"] == fire.name)["requests"]
        == 150
    )


def test_contact_details_are_erased_after_the_retention_period(setting, settings):
    event, fire, _nhs = setting
    settings.HEARTH_REQUEST_CONTACT_RETENTION_DAYS = 30
    old = factories.request(
        event, fire, uprn=100000000001, phone="01257 000000", status="done"
    )
    recent = factories.request(
        event, fire, uprn=100000000001, phone="01257 111111", status="done"
    )
    still_open = factories.request(event, fire, uprn=100000000001, phone="01257 222222")
    Request.objects.filter(pk=old.pk).update(
        closed_at=timezone.now() - timedelta(days=31)
    )
    Request.objects.filter(pk=recent.pk).update(
        closed_at=timezone.now() - timedelta(days=29)
    )
    out = StringIO()
    call_command("requests", "retention", "--dry-run", stdout=out)
    assert (
        "Would erase the contact details of 1 request closed before" in out.getvalue()
    )
    assert out.getvalue().strip().endswith(f": {old.pk}")
    old.refresh_from_db()
    assert old.contact_phone == "01257 000000"
    out = StringIO()
    call_command("requests", "retention", stdout=out)
    assert "Erased the contact details of 1 request" in out.getvalue()
    old.refresh_from_db()
    assert (old.contact_phone, old.contact_erased is not None) == ("", True)
    recent.refresh_from_db()
    still_open.refresh_from_db()
    assert recent.contact_phone and still_open.contact_phone
    out = StringIO()
    call_command("requests", "retention", stdout=out)
    assert "No contact details to erase" in out.getvalue()
    # The audit log says the field changed, never what it held.
    change = AuditEvent.objects.filter(
        object_type="delivery.request", object_id=str(old.pk), action="update"
    ).last()
    assert change.changes["contact_phone"] == ["(personal data)", ""]
    assert "01257" not in json.dumps(
        list(AuditEvent.objects.values_list("changes", flat=True))
    )


def test_the_import_command_refuses_a_missing_file_or_event(setting, tmp_path):
    event, _fire, _nhs = setting
    with pytest.raises(CommandError, match="There is no file"):
        call_command(
            "requests", "import", str(tmp_path / "nope.csv"), "--event", str(event.pk)
        )
    path = _write(
        tmp_path,
        "Smoke alarm fitting,Lancashire Fire and Rescue Service,,PR7 1DP,2024-10-07,,",
    )
    with pytest.raises(CommandError, match="There is no event 999"):
        call_command("requests", "import", str(path), "--event", "999")


def test_an_xlsx_sheet_is_imported(setting, tmp_path):
    from openpyxl import Workbook

    event, _fire, _nhs = setting
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            "Smoke alarm fitting",
            "Lancashire Fire and Rescue Service",
            100000000001,
            None,
            event.start,
            "Completed",
            "Fitted",
        ]
    )
    path = tmp_path / "returned.xlsx"
    book.save(path)
    call_command(
        "requests", "import", str(path), "--event", str(event.pk), stdout=StringIO()
    )
    found = Request.objects.get()
    assert (found.uprn, found.status, found.placed_by) == (100000000001, "done", "uprn")


def test_events_can_be_created_and_listed_from_the_command_line():
    from hearth.accounts.tests.factories import council
    from hearth.plans.tests.factories import community

    council()
    one = community("Clayton Brook", ["E01000000"])
    two = community("Chorley East", ["E01000002", "E01000003"])
    out = StringIO()
    call_command(
        "events",
        "create",
        "--name",
        "Autumn Week of Action",
        "--communities",
        f"{one.pk},{two.pk}",
        "--start",
        "2025-10-06",
        "--end",
        "2025-10-10",
        stdout=out,
    )
    assert "3 LSOAs" in out.getvalue()
    out = StringIO()
    call_command("events", "list", "--format", "json", stdout=out)
    data = json.loads(out.getvalue())
    event = data["events"][0]
    assert (
        event["name"],
        event["start"],
        event["end"],
        event["communities"],
        event["target_areas"],
    ) == (
        "Autumn Week of Action",
        "2025-10-06",
        "2025-10-10",
        [one.pk, two.pk],
        3,
    )
    assert event["lead"] == "Chorley Council"
    with pytest.raises(CommandError, match="There is no community 999"):
        call_command(
            "events",
            "create",
            "--name",
            "x",
            "--communities",
            "999",
            "--start",
            "2025-10-06",
            "--end",
            "2025-10-10",
        )
    with pytest.raises(CommandError, match="not a date"):
        call_command(
            "events",
            "create",
            "--name",
            "x",
            "--communities",
            str(one.pk),
            "--start",
            "6/10/2025",
            "--end",
            "2025-10-10",
        )
    with pytest.raises(CommandError, match="There is no event 999"):
        call_command("events", "report", "999", "--format", "json")
    OrganisationFactory(name="Lancashire Constabulary", kind="police")
    out = StringIO()
    call_command(
        "events",
        "create",
        "--name",
        "Police day",
        "--communities",
        str(one.pk),
        "--start",
        "2025-11-01",
        "--end",
        "2025-11-01",
        "--lead",
        "lancashire constabulary",
        stdout=out,
    )
    assert "Created event" in out.getvalue()
