"""Every referral page and endpoint, role by role.

Liam (link worker at Chorley Help) holds the referral. Leah is a link
worker of another organisation: she gets 404 (the referral's existence is
not given away) and sees nothing of it anywhere. Vic provides the service
the person was referred on to: he sees that onward referral and nothing
else. Alice (administrator) answers data-protection requests but has no
caseload. Residents are sent to sign in.
"""

from __future__ import annotations

import pytest

from hearth.audit.models import AuditEvent
from hearth.directory.models import Organization
from hearth.directory.tests.factories import make_service
from hearth.referrals import services
from hearth.referrals.models import WellbeingMeasure

from .factories import make_referral

NAME = "Hilton"

OK, REDIRECT, FORBIDDEN, NOT_FOUND = 200, 302, 403, 404


@pytest.fixture
def case(england, personas, other_team, provider):
    walking = Organization.objects.create(
        name="Chorley Walking Group", account=provider.memberships.get().organisation
    )
    service = make_service(walking, name="Walk and talk", capacity_per_week=6)
    referral = make_referral(personas.vcs, by=personas.liam, link_worker=personas.liam)
    onward = services.refer_on(
        referral, service=service, message="Keen to get out more", by=personas.liam
    )
    services.record_measures(
        referral,
        stage=WellbeingMeasure.Stage.BASELINE,
        on=referral.received_on,
        swemwbs_items=[2, 3, 2, 2, 3, 2, 2],
        ons4={"life_satisfaction": 4, "worthwhile": 5, "happiness": 3, "anxiety": 7},
        loneliness="often_always",
        by=personas.liam,
    )
    return {
        "referral": referral,
        "onward": onward,
        "service": service,
        "leah": other_team,
        "vic": provider,
    }


def pages(case):
    r, o = case["referral"].pk, case["onward"].pk
    return {
        "caseload": ("get", "/referrals/"),
        "new": ("get", "/referrals/new/"),
        "sent": ("get", "/referrals/sent/?reference=SP-000001"),
        "detail": ("get", f"/referrals/{r}/"),
        "edit": ("get", f"/referrals/{r}/edit/"),
        "assign": ("post", f"/referrals/{r}/assign/"),
        "reopen": ("post", f"/referrals/{r}/reopen/"),
        "wellbeing": ("get", f"/referrals/{r}/wellbeing/"),
        "refer-on": ("get", f"/referrals/{r}/refer-on/"),
        "onward": ("get", f"/referrals/{r}/onward/{o}/"),
        "contact": ("get", f"/referrals/{r}/contact/"),
        "conversation": ("get", f"/referrals/{r}/conversation/"),
        "follow-up": ("get", f"/referrals/{r}/follow-up/"),
        "note": ("get", f"/referrals/{r}/note/"),
        "close": ("get", f"/referrals/{r}/close/"),
        "inbox": ("get", "/referrals/services/"),
        "inbox-item": ("get", f"/referrals/services/{o}/"),
        "reports": ("get", "/referrals/reports/"),
        "reports-csv": ("get", "/referrals/reports/social-prescribing.csv"),
        "data-protection": (
            "get",
            f"/referrals/data-protection/?family_name={NAME}&date_of_birth_day=17&date_of_birth_month=5&date_of_birth_year=1948",
        ),
        "export": ("post", "/referrals/data-protection/export/"),
    }


CASEWORK = (
    "detail",
    "edit",
    "assign",
    "reopen",
    "wellbeing",
    "refer-on",
    "onward",
    "contact",
    "conversation",
    "follow-up",
    "note",
    "close",
)

EXPECTED = {
    # Liam holds the referral: every casework page.
    "liam": {
        **dict.fromkeys(CASEWORK, OK),
        "assign": REDIRECT, "reopen": REDIRECT,
        "caseload": OK, "new": OK, "sent": OK,
        "inbox": FORBIDDEN, "inbox-item": FORBIDDEN,
        "reports": OK, "reports-csv": OK,
        "data-protection": FORBIDDEN, "export": FORBIDDEN,
    },
    # Another organisation's link worker: not found, never forbidden-with-a-hint.
    "leah": {
        **dict.fromkeys(CASEWORK, NOT_FOUND),
        "caseload": OK, "new": OK, "sent": OK,
        "inbox": FORBIDDEN, "inbox-item": FORBIDDEN,
        "reports": OK, "reports-csv": OK,
        "data-protection": FORBIDDEN, "export": FORBIDDEN,
    },
    # The provider of the service referred to: only that onward referral.
    "vic": {
        **dict.fromkeys(CASEWORK, FORBIDDEN),
        "caseload": FORBIDDEN, "new": OK, "sent": OK,
        "inbox": OK, "inbox-item": OK,
        "reports": OK, "reports-csv": OK,
        "data-protection": FORBIDDEN, "export": FORBIDDEN,
    },
    # A partner of another organisation (Fire and Rescue): refers people in, sees none.
    "priya": {
        **dict.fromkeys(CASEWORK, FORBIDDEN),
        "caseload": FORBIDDEN, "new": OK, "sent": OK,
        "inbox": OK, "inbox-item": NOT_FOUND,
        "reports": OK, "reports-csv": OK,
        "data-protection": FORBIDDEN, "export": FORBIDDEN,
    },
    # The administrator: data-protection requests only, no caseload.
    "alice": {
        **dict.fromkeys(CASEWORK, FORBIDDEN),
        "caseload": FORBIDDEN, "new": FORBIDDEN, "sent": OK,
        "inbox": FORBIDDEN, "inbox-item": FORBIDDEN,
        "reports": OK, "reports-csv": OK,
        "data-protection": OK, "export": OK,
    },
    **{
        who: {
            **dict.fromkeys(CASEWORK, FORBIDDEN),
            "caseload": FORBIDDEN, "new": FORBIDDEN, "sent": OK,
            "inbox": FORBIDDEN, "inbox-item": FORBIDDEN,
            "reports": OK, "reports-csv": OK,
            "data-protection": FORBIDDEN, "export": FORBIDDEN,
        }
        for who in ("anna", "olivia", "cora")  # commissioners: counts only
    },
    **{
        who: {
            **dict.fromkeys(CASEWORK, FORBIDDEN),
            "caseload": FORBIDDEN, "new": FORBIDDEN, "sent": OK,
            "inbox": FORBIDDEN, "inbox-item": FORBIDDEN,
            "reports": FORBIDDEN, "reports-csv": FORBIDDEN,
            "data-protection": FORBIDDEN, "export": FORBIDDEN,
        }
        for who in ("max", "charlie")
    },
    "resident": {
        **dict.fromkeys(CASEWORK, REDIRECT),
        "caseload": REDIRECT, "new": REDIRECT, "sent": REDIRECT,
        "inbox": REDIRECT, "inbox-item": REDIRECT,
        "reports": REDIRECT, "reports-csv": FORBIDDEN,
        "data-protection": REDIRECT, "export": FORBIDDEN,
    },
}  # fmt: skip


@pytest.mark.parametrize("who", sorted(EXPECTED))
def test_every_referral_page_role_by_role(client, case, personas, who):
    user = {**personas.all(), "leah": case["leah"], "vic": case["vic"]}[who]
    if user is not None:
        client.force_login(user)
    got = {}
    for name, (method, url) in pages(case).items():
        data = {"referral": [str(case["referral"].pk)]} if name == "export" else {}
        response = getattr(client, method)(url, data)
        got[name] = response.status_code
        if response.status_code == REDIRECT and who == "resident":
            assert response["Location"].startswith("/accounts/sign-in/"), name
        if who not in ("liam", "alice", "vic") and response.status_code == OK:
            # Nobody else ever sees the person.
            assert NAME not in response.content.decode(), (who, name)
    assert got == EXPECTED[who]


def test_another_organisations_link_worker_sees_nothing(client, case):
    client.force_login(case["leah"])
    for show in ("mine", "all", "unassigned"):
        page = client.get(
            "/referrals/", {"show": show, "status": "any"}
        ).content.decode()
        assert NAME not in page and case["referral"].reference not in page
    assert (
        client.get("/referrals/", {"show": "all", "q": NAME})
        .context["page"]
        .paginator.count
        == 0
    )
    report = client.get("/referrals/reports/").context["report"]
    assert report.total == 0  # Leah's organisation holds none
    # She cannot change it either.
    r = case["referral"].pk
    assert client.post(f"/referrals/{r}/note/", {"note": "x"}).status_code == NOT_FOUND
    assert (
        client.post(
            f"/referrals/{r}/close/",
            {"on_day": "1", "on_month": "1", "on_year": "2025", "reason": "moved"},
        ).status_code
        == NOT_FOUND
    )
    assert not case["referral"].events.filter(note="x").exists()


def test_a_provider_sees_only_onward_referrals_to_its_own_services(
    client, case, personas
):
    other = make_service(
        Organization.objects.create(name="Another charity"), name="Other group"
    )
    hidden = services.refer_on(
        case["referral"], service=other, message="", by=personas.liam
    )
    client.force_login(case["vic"])
    inbox = client.get("/referrals/services/")
    assert [o.pk for o in inbox.context["rows"]] == [case["onward"].pk]
    assert client.get(f"/referrals/services/{hidden.pk}/").status_code == NOT_FOUND
    item = client.get(f"/referrals/services/{case['onward'].pk}/").content.decode()
    assert NAME in item and "01257 123456" in item
    # What the provider does not need is not shown: reasons, notes, NHS number, date of birth.
    assert "widowed" not in item and "9434765919" not in item and "1948" not in item


def test_without_consent_the_provider_sees_nothing(client, case, personas):
    referral = case["referral"]
    services.update_details(referral, {"consent_to_share": False}, by=personas.liam)
    client.force_login(case["vic"])
    assert client.get("/referrals/services/").context["rows"] == []
    assert (
        client.get(f"/referrals/services/{case['onward'].pk}/").status_code == NOT_FOUND
    )


def test_every_view_of_a_referral_is_audited(client, case, personas):
    client.force_login(personas.liam)
    referral = case["referral"]
    for name in (
        "detail",
        "edit",
        "wellbeing",
        "refer-on",
        "onward",
        "contact",
        "conversation",
        "follow-up",
        "note",
        "close",
        "caseload",
    ):
        before = AuditEvent.objects.filter(
            action="view", object_id=str(referral.pk), object_type="referrals.referral"
        ).count()
        _method, url = pages(case)[name]
        client.get(url, {"show": "all"} if name == "caseload" else {})
        after = AuditEvent.objects.filter(
            action="view", object_id=str(referral.pk), object_type="referrals.referral"
        )
        assert after.count() == before + 1, name
        event = after.first()
        assert event.actor == personas.liam and event.personal
    client.force_login(case["vic"])
    client.get(f"/referrals/services/{case['onward'].pk}/")
    assert AuditEvent.objects.filter(
        action="view",
        object_type="referrals.onwardreferral",
        object_id=str(case["onward"].pk),
        actor=case["vic"],
    ).exists()
    client.force_login(personas.alice)
    client.get(pages(case)["data-protection"][1])
    assert AuditEvent.objects.filter(
        action="view", object_id=str(referral.pk), actor=personas.alice
    ).exists()
