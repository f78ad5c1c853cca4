"""Use cases for engagement: one transaction per change, each writing an
``EngagementEvent`` while the audit registry logs the rows."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import transaction
from django.utils import timezone

from hearth.accounts.models import Organisation
from hearth.assets.models import Asset
from hearth.communities.models import Community
from hearth.core.errors import DomainError
from hearthcore import engagement as core
from hearthcore.sheets import Problem

from .models import (
    AGE_FIELDS,
    ETHNIC_FIELDS,
    Activity,
    DropInSession,
    DropInSite,
    EngagementEvent,
    FollowUp,
    Group,
    GroupMilestone,
    Signpost,
    Story,
    Theme,
)


class EngagementError(DomainError):
    pass


def _user(by: Any) -> Any:
    return by if getattr(by, "is_authenticated", False) else None


def _event(
    community: Community, kind: str, by: Any, summary: str, **details: Any
) -> None:
    EngagementEvent.objects.create(
        community=community,
        action=kind,
        by=_user(by),
        summary=summary[:400],
        details=details,
    )


def warnings_for(text: str) -> list[str]:
    """Warnings to show when free text holds contact details."""
    found = core.contact_details(text or "")
    if not found:
        return []
    return [
        "The notes hold contact details ("
        + ", ".join(found)
        + "): engagement records should hold no names, e-mail addresses or phone numbers"
    ]


# --- places ----------------------------------------------------------------------


@dataclass(frozen=True)
class Place:
    asset: Asset | None = None
    label: str = ""
    lat: float | None = None
    lon: float | None = None
    lsoa21: str = ""


def place_from_postcode(postcode: str) -> Place | None:
    """A point for a postcode, placed in its LSOA 2021, or None if unknown."""
    from hearth.areas.models import Postcode
    from hearthcore.text import normalise_postcode

    code = normalise_postcode(postcode)
    found = Postcode.objects.filter(postcode=code).first() if code else None
    if found is None:
        return None
    return Place(
        label=f"{code[:-3]} {code[-3:]}",
        lat=found.lat,
        lon=found.lon,
        lsoa21=getattr(found, "lsoa21", "") or "",
    )


# --- activities ------------------------------------------------------------------


@dataclass
class ActivityFields:
    date: dt.date
    kind: str
    organisation: Organisation
    people: int
    place: Place = field(default_factory=Place)
    age: dict[str, int] = field(default_factory=dict)
    ethnicity: dict[str, int] = field(default_factory=dict)
    disabled: int | None = None
    themes: Sequence[Theme] = ()
    heard: str = ""

    def check(self) -> None:
        if self.kind not in core.KINDS:
            raise EngagementError(f"{self.kind!r} is not a kind of activity")
        if self.date > timezone.localdate():
            raise EngagementError("The date cannot be in the future")
        if self.people < 0:
            raise EngagementError("People reached must be 0 or more")
        for name, counts in (
            ("age bands", self.age),
            ("ethnic groups", self.ethnicity),
        ):
            total = sum(v for v in counts.values() if v)
            if total > self.people:
                raise EngagementError(
                    f"The {name} add up to {total}, more than the {self.people} people reached"
                )
        if self.disabled is not None and self.disabled > self.people:
            raise EngagementError(
                f"{self.disabled} disabled people is more than the {self.people} people reached"
            )


def _apply(activity: Activity, values: ActivityFields) -> None:
    activity.date = values.date
    activity.kind = values.kind
    activity.organisation = values.organisation
    activity.people = values.people
    activity.asset = values.place.asset
    activity.place = values.place.label
    activity.lat, activity.lon = values.place.lat, values.place.lon
    activity.lsoa21 = values.place.lsoa21
    if values.place.asset is not None:
        a = values.place.asset
        activity.place = activity.place or a.name
        activity.lat, activity.lon, activity.lsoa21 = a.lat, a.lon, a.lsoa21
    for name in AGE_FIELDS:
        setattr(activity, name, values.age.get(name) if values.age else None)
    for name in ETHNIC_FIELDS:
        setattr(
            activity, name, values.ethnicity.get(name) if values.ethnicity else None
        )
    activity.disabled = values.disabled
    activity.heard = values.heard.strip()


@transaction.atomic
def record_activity(
    community: Community, values: ActivityFields, *, by: Any
) -> Activity:
    if community.archived:
        raise EngagementError(f"{community.name} is archived")
    values.check()
    activity = Activity(community=community, recorded_by=_user(by))
    _apply(activity, values)
    activity.save()
    activity.themes.set(values.themes)
    _event(
        community,
        "activity",
        by,
        f"{activity.get_kind_display()} on {activity.date}: {activity.people} people",
        activity_id=activity.pk,
    )
    return activity


@transaction.atomic
def edit_activity(activity: Activity, values: ActivityFields, *, by: Any) -> Activity:
    values.check()
    _apply(activity, values)
    activity.save()
    activity.themes.set(values.themes)
    _event(activity.community, "activity edited", by, f"Activity {activity.pk} changed")
    return activity


@transaction.atomic
def delete_activity(activity: Activity, *, by: Any) -> None:
    community, pk = activity.community, activity.pk
    activity.delete()
    _event(community, "activity deleted", by, f"Activity {pk} removed")


@transaction.atomic
def add_follow_up(activity: Activity, *, text: str, by: Any) -> FollowUp:
    text = text.strip()
    if not text:
        raise EngagementError("Enter the follow-up")
    follow_up = FollowUp.objects.create(activity=activity, text=text)
    _event(activity.community, "follow-up", by, f"Follow-up: {text[:80]}")
    return follow_up


@transaction.atomic
def make_plan_action(
    follow_up: FollowUp, *, objective: Any, lead: Organisation, by: Any
) -> Any:
    """Turn a follow-up into an action of the community's plan."""
    from hearth.plans import services as plans

    if follow_up.action_id:
        raise EngagementError("This follow-up is already a plan action")
    if objective.plan.community_id != follow_up.activity.community_id:
        raise EngagementError("Choose an objective of this community's plan")
    title = follow_up.text if len(follow_up.text) <= 300 else follow_up.text[:297] + "…"
    try:
        action = plans.add_action(
            objective,
            plans.ActionFields(
                title=title,
                lead=lead,
                involvement="consult",
                you_said=follow_up.activity.heard[:1000],
                description=(
                    f"From {follow_up.activity.get_kind_display().lower()} "
                    f"on {follow_up.activity.date:%-d %B %Y}"
                ),
            ),
            by=by,
        )
    except plans.PlanError as error:
        raise EngagementError(str(error)) from None
    follow_up.action = action
    follow_up.save(update_fields=["action"])
    _event(
        follow_up.activity.community,
        "follow-up to action",
        by,
        f"Plan action: {title[:80]}",
    )
    return action


# --- themes ----------------------------------------------------------------------


@transaction.atomic
def add_theme(name: str, *, by: Any) -> Theme:
    name = " ".join(name.split())
    if not name:
        raise EngagementError("Enter the theme")
    if Theme.objects.filter(name__iexact=name).exists():
        raise EngagementError(f"There is already a theme {name!r}")
    return Theme.objects.create(name=name)


# --- drop-ins --------------------------------------------------------------------


@transaction.atomic
def create_site(
    *,
    name: str,
    asset: Asset,
    organisation: Organisation,
    opening_hours: str,
    community: Community | None,
    description: str = "",
    is_public: bool = True,
    by: Any,
) -> DropInSite:
    from hearthcore import hours

    try:
        hours.parse(opening_hours)
    except hours.HoursError as error:
        raise EngagementError(f"The opening times cannot be read: {error}") from None
    site = DropInSite.objects.create(
        name=name.strip() or asset.name,
        asset=asset,
        organisation=organisation,
        opening_hours=opening_hours.strip(),
        community=community,
        description=description.strip(),
        is_public=is_public,
    )
    if community is not None:
        _event(community, "drop-in", by, f"Drop-in site: {site.name}")
    return site


@transaction.atomic
def record_session(
    site: DropInSite,
    *,
    day: date,
    visits: int,
    notes: str = "",
    signposts: Iterable[tuple[Asset | None, str, int]] = (),
    by: Any,
) -> DropInSession:
    """A drop-in session's visits and signposting; in a community, it also
    counts as an engagement activity (so it counts in the reach)."""
    if day > timezone.localdate():
        raise EngagementError("The date cannot be in the future")
    if DropInSession.objects.filter(site=site, date=day).exists():
        raise EngagementError(f"The session on {day:%-d %B %Y} is already recorded")
    session = DropInSession.objects.create(
        site=site, date=day, visits=visits, notes=notes.strip(), recorded_by=_user(by)
    )
    for asset, service, people in signposts:
        if asset is None and not service.strip():
            continue
        Signpost.objects.create(
            session=session, asset=asset, service=service.strip(), people=max(1, people)
        )
    if site.community is not None:
        record = ActivityFields(
            date=day,
            kind="drop_in",
            organisation=site.organisation,
            people=visits,
            place=Place(asset=site.asset),
            heard=notes,
        )
        activity = record_activity(site.community, record, by=by)
        activity.session = session
        activity.save(update_fields=["session"])
    return session


# --- groups ----------------------------------------------------------------------


@transaction.atomic
def create_group(
    community: Community,
    *,
    name: str,
    stage: str,
    description: str = "",
    meets: str = "",
    supported_by: Organisation | None = None,
    invited: Sequence[Organisation] = (),
    by: Any,
) -> Group:
    if not name.strip():
        raise EngagementError("Enter the group's name")
    if stage not in Group.Stage.values:
        raise EngagementError("Choose the group's stage")
    group = Group.objects.create(
        community=community,
        name=name.strip(),
        stage=stage,
        description=description.strip(),
        meets=meets.strip(),
        supported_by=supported_by,
    )
    group.invited.set(invited)
    GroupMilestone.objects.create(
        group=group,
        date=timezone.localdate(),
        text=f"Recorded as {group.get_stage_display().lower()}",
        recorded_by=_user(by),
    )
    _event(community, "group", by, f"Group: {group.name}")
    return group


@transaction.atomic
def edit_group(
    group: Group,
    *,
    name: str,
    stage: str,
    description: str,
    meets: str,
    supported_by: Organisation | None,
    invited: Sequence[Organisation],
    by: Any,
) -> Group:
    if stage not in Group.Stage.values:
        raise EngagementError("Choose the group's stage")
    old_stage = group.stage
    group.name = name.strip() or group.name
    group.stage = stage
    group.description = description.strip()
    group.meets = meets.strip()
    group.supported_by = supported_by
    group.save()
    before = set(group.invited.values_list("pk", flat=True))
    group.invited.set(invited)
    after = {o.pk for o in invited}
    if old_stage != stage:
        GroupMilestone.objects.create(
            group=group,
            date=timezone.localdate(),
            text=f"Now {group.get_stage_display().lower()}",
            recorded_by=_user(by),
        )
    added = Organisation.objects.filter(pk__in=after - before).values_list(
        "name", flat=True
    )
    for org in added:
        GroupMilestone.objects.create(
            group=group,
            date=timezone.localdate(),
            text=f"Chose to invite {org}",
            recorded_by=_user(by),
        )
    _event(group.community, "group edited", by, f"Group changed: {group.name}")
    return group


@transaction.atomic
def add_group_milestone(
    group: Group, *, day: date, text: str, by: Any
) -> GroupMilestone:
    if not text.strip():
        raise EngagementError("Enter the milestone")
    if day > timezone.localdate():
        raise EngagementError("The date cannot be in the future")
    milestone = GroupMilestone.objects.create(
        group=group, date=day, text=text.strip()[:300], recorded_by=_user(by)
    )
    _event(group.community, "group milestone", by, f"{group.name}: {milestone.text}")
    return milestone


# --- stories ---------------------------------------------------------------------


@dataclass
class StoryFields:
    date: dt.date
    text: str
    perspective: str
    consent_recorded_on: dt.date | None
    consent_how: str
    consent_internal: bool = True
    consent_public: bool = False
    consent_attribution: bool = False
    anonymised: bool = True
    attribution: str = ""
    title: str = ""
    themes: Sequence[Theme] = ()
    organisation: Organisation | None = None

    def check(self) -> None:
        if not self.text.strip():
            raise EngagementError("Enter the story or quote")
        if self.perspective not in Story.Perspective.values:
            raise EngagementError("Choose whose perspective it is")
        if self.consent_recorded_on is None or not self.consent_how.strip():
            raise EngagementError(
                "A story can only be saved with consent: record when and how it was given"
            )
        if not (self.consent_internal or self.consent_public):
            raise EngagementError(
                "Consent must cover at least internal use for the story to be kept"
            )
        if (
            self.consent_recorded_on > timezone.localdate()
            or self.date > timezone.localdate()
        ):
            raise EngagementError("The dates cannot be in the future")
        if self.attribution.strip() and not self.consent_attribution:
            raise EngagementError(
                "Remove the attribution, or record consent to be credited by name"
            )


def _apply_story(story: Story, values: StoryFields) -> None:
    for name in (
        "date",
        "perspective",
        "consent_recorded_on",
        "consent_internal",
        "consent_public",
        "consent_attribution",
        "anonymised",
        "organisation",
    ):
        setattr(story, name, getattr(values, name))
    story.text = values.text.strip()
    story.title = values.title.strip()
    story.consent_how = values.consent_how.strip()
    story.attribution = values.attribution.strip()


@transaction.atomic
def record_story(community: Community, values: StoryFields, *, by: Any) -> Story:
    values.check()
    story = Story(community=community, recorded_by=_user(by))
    _apply_story(story, values)
    story.save()
    story.themes.set(values.themes)
    _event(
        community, "story", by, f"Story recorded ({story.get_perspective_display()})"
    )
    return story


@transaction.atomic
def edit_story(story: Story, values: StoryFields, *, by: Any) -> Story:
    if story.consent_withdrawn:
        raise EngagementError(
            "Consent to this story was withdrawn; it cannot be changed"
        )
    values.check()
    _apply_story(story, values)
    if story.status == Story.Status.PUBLISHED and not story.consent_public:
        story.status = Story.Status.DRAFT
    story.save()
    story.themes.set(values.themes)
    _event(story.community, "story edited", by, f"Story {story.pk} changed")
    return story


@transaction.atomic
def withdraw_consent(story: Story, *, by: Any, note: str = "") -> Story:
    """Consent is withdrawn: the story is hidden at once, everywhere, and its
    words are removed (only the fact that a story existed is kept)."""
    if story.consent_withdrawn:
        return story
    story.consent_withdrawn = timezone.now()
    story.status = Story.Status.DRAFT
    story.consent_public = story.consent_internal = story.consent_attribution = False
    story.text = "[Removed: consent withdrawn]"
    story.title = ""
    story.attribution = ""
    story.save()
    _event(
        story.community,
        "consent withdrawn",
        by,
        f"Consent to story {story.pk} withdrawn",
        note=note[:200],
    )
    return story


@transaction.atomic
def submit_for_review(story: Story, *, by: Any) -> Story:
    if not story.consent_public or story.consent_withdrawn:
        raise EngagementError(
            "Only a story with consent to public use can be published"
        )
    story.status = Story.Status.REVIEW
    story.save(update_fields=["status", "updated"])
    _event(story.community, "story for review", by, f"Story {story.pk} sent for review")
    return story


@transaction.atomic
def publish_story(story: Story, *, by: Any) -> Story:
    if not story.consent_public or story.consent_withdrawn:
        raise EngagementError(
            "Only a story with consent to public use can be published"
        )
    if story.status != Story.Status.REVIEW:
        raise EngagementError("Send the story for review first")
    story.status = Story.Status.PUBLISHED
    story.reviewed_by = _user(by)
    story.save(update_fields=["status", "reviewed_by", "updated"])
    _event(story.community, "story published", by, f"Story {story.pk} published")
    return story


@transaction.atomic
def unpublish_story(story: Story, *, by: Any) -> Story:
    story.status = Story.Status.DRAFT
    story.save(update_fields=["status", "updated"])
    _event(story.community, "story unpublished", by, f"Story {story.pk} taken down")
    return story


# --- imports ---------------------------------------------------------------------


def _names(items: Iterable[Any]) -> dict[str, Any]:
    return {" ".join(i.name.lower().replace("&", "and").split()): i for i in items}


def _closest(name: str, names: list[str]) -> str:
    lowered = {n.lower(): n for n in names}
    found = difflib.get_close_matches(name.lower(), list(lowered), n=3, cutoff=0.4)
    return f" (closest: {', '.join(lowered[f] for f in found)})" if found else ""


@dataclass
class ImportOutcome:
    community: Community
    activities: int
    people: int
    warnings: list[str]

    def describe(self) -> str:
        return (
            f"Imported {self.activities} activities ({self.people:,} people reached) "
            f"for {self.community.name}"
        )


@transaction.atomic
def import_activities(
    community: Community, parsed: core.ActivityFile, *, by: Any
) -> ImportOutcome:
    """Record a file's activities for a community: all or nothing.

    Organisations and themes are matched by name (an unknown one is an
    error naming the line and the closest names); a place is an asset of the
    community's authority by name, or a postcode.
    """
    if community.archived:
        raise EngagementError(f"{community.name} is archived")
    organisations = _names(Organisation.objects.all())
    themes = _names(Theme.objects.all())
    assets = _names(
        Asset.objects.filter(lad_code=community.lad_code)
        .exclude(status=Asset.Status.ARCHIVED)
        .only("id", "name", "lat", "lon", "lsoa21")
    )
    problems: list[Problem] = []
    ready: list[tuple[core.ActivityRow, ActivityFields]] = []
    for row in parsed.rows:
        org = organisations.get(
            " ".join(row.organisation.lower().replace("&", "and").split())
        )
        if org is None:
            problems.append(
                Problem(
                    row.line,
                    "organisation",
                    f"no organisation is called {row.organisation!r}"
                    + _closest(
                        row.organisation, [o.name for o in organisations.values()]
                    ),
                )
            )
        chosen = []
        for name in row.themes:
            theme = themes.get(" ".join(name.lower().split()))
            if theme is None:
                problems.append(
                    Problem(
                        row.line,
                        "themes",
                        f"no theme is called {name!r}"
                        + _closest(name, [t.name for t in themes.values()])
                        + "; the council adds themes at /engagement/themes/",
                    )
                )
            else:
                chosen.append(theme)
        place = Place()
        if row.place:
            asset = assets.get(" ".join(row.place.lower().replace("&", "and").split()))
            if asset is not None:
                place = Place(asset=asset, label=asset.name)
            else:
                found = place_from_postcode(row.place)
                if found is None:
                    problems.append(
                        Problem(
                            row.line,
                            "place",
                            f"{row.place!r} is neither an asset of the register in this "
                            "authority nor a postcode Hearth knows",
                        )
                    )
                else:
                    place = found
        if org is None:
            continue
        ready.append(
            (
                row,
                ActivityFields(
                    date=row.date,
                    kind=row.kind,
                    organisation=org,
                    people=row.people,
                    place=place,
                    age=row.age,
                    ethnicity=row.ethnicity,
                    disabled=row.disabled,
                    themes=chosen,
                    heard=row.notes,
                ),
            )
        )
    if problems:
        raise core.ActivityFileError(problems)
    for row, values in ready:
        try:
            record_activity(community, values, by=by)
        except EngagementError as error:
            raise core.ActivityFileError([Problem(row.line, "", str(error))]) from None
    return ImportOutcome(
        community=community,
        activities=len(ready),
        people=sum(v.people for _r, v in ready),
        warnings=[str(w) for w in parsed.warnings],
    )


# --- when communities are merged ----------------------------------------------


@transaction.atomic
def move_on_merge(source: Community, target: Community, *, by: Any) -> None:
    """Activities, drop-ins, groups and stories move to the surviving community."""
    moved = 0
    for model in (Activity, DropInSite, Group, Story):
        for row in model.objects.filter(community=source):
            row.community = target
            row.save()
            moved += 1
    if moved:
        _event(
            target, "merged", by, f"{moved} engagement records moved from {source.name}"
        )
