from __future__ import annotations

from django.urls import path, re_path

from .views import addresses, events, public, requests

app_name = "delivery"

urlpatterns = [
    path("", events.event_list, name="events"),
    path("whats-on/", public.whats_on, name="whats-on"),
    path("compare/", events.compare, name="compare"),
    path("lists/", events.lists, name="lists"),
    path("lists/<slug:which>/new/", events.list_item, name="list-new"),
    path("lists/<slug:which>/<int:item_id>/", events.list_item, name="list-item"),
    path("events/new/", events.event_new, name="event-new"),
    path("events/<int:pk>/", events.event_page, name="event"),
    path("events/<int:pk>/edit/", events.event_edit, name="event-edit"),
    path("events/<int:pk>/venues/", events.event_venues, name="event-venues"),
    path("events/<int:pk>/invite/", events.event_invite, name="event-invite"),
    path("events/<int:pk>/status/", events.event_status, name="event-status"),
    path("events/<int:pk>/copy/", events.event_copy, name="event-copy"),
    path("events/<int:pk>/history/", events.event_history, name="event-history"),
    path(
        "events/<int:pk>/invitations/<int:invitation_id>/",
        events.respond,
        name="respond",
    ),
    path("events/<int:pk>/activities/new/", events.activity_new, name="activity-new"),
    path(
        "events/<int:pk>/activities/<int:activity_id>/",
        events.activity_edit,
        name="activity",
    ),
    path("events/<int:pk>/report/", events.report, name="report"),
    re_path(
        r"^events/(?P<pk>\d+)/report\.(?P<fmt>csv|xlsx|json)$",
        events.report_download,
        name="report-download",
    ),
    path(
        "events/<int:pk>/report-to-plan/", events.report_to_plan, name="report-to-plan"
    ),
    re_path(
        r"^events/(?P<pk>\d+)/walk-list\.(?P<fmt>csv|xlsx)$",
        events.walk_list,
        name="walk-list",
    ),
    path("events/<int:pk>/timetable/", public.timetable, name="timetable"),
    path("events/<int:pk>/calendar.ics", public.calendar, name="calendar"),
    path("events/<int:pk>/requests/new/", requests.request_new, name="request-new"),
    path(
        "events/<int:pk>/requests/import/",
        requests.request_import,
        name="request-import",
    ),
    path("requests/", requests.queue, name="requests"),
    re_path(
        r"^requests/export\.(?P<fmt>csv|xlsx)$",
        requests.queue_export,
        name="requests-export",
    ),
    path("requests/<int:request_id>/", requests.request_page, name="request"),
    path("addresses/", addresses.home, name="addresses"),
    path("addresses/import/", addresses.import_file, name="addresses-import"),
    path(
        "addresses/communities/<int:community_id>/",
        addresses.community,
        name="addresses-community",
    ),
]
