from __future__ import annotations

from django.contrib import admin
from django.urls import include, path

from hearth.public.api import api
from hearth.public.views import api_docs

admin.site.site_header = "Hearth administration"
admin.site.site_title = "Hearth administration"

urlpatterns = [
    path("", include("hearth.public.urls")),
    path("accounts/", include("hearth.accounts.urls")),
    path("audit/", include("hearth.audit.urls")),
    path("areas/", include("hearth.areas.urls")),
    path("indices/", include("hearth.indices.urls")),
    path("communities/", include("hearth.communities.urls")),
    path("profiles/", include("hearth.profiles.urls")),
    path("assets/", include("hearth.assets.urls")),
    path("plans/", include("hearth.plans.urls")),
    path("community-plans/", include("hearth.plans.public_urls")),
    path("engagement/", include("hearth.engagement.urls")),
    path("drop-ins/", include("hearth.engagement.public_urls")),
    path("delivery/", include("hearth.delivery.urls")),
    path("directory/", include("hearth.directory.urls")),
    path("openreferral/", include("hearth.directory.oruk_urls")),
    path("referrals/", include("hearth.referrals.urls")),
    path("funding/", include("hearth.funding.urls")),
    path("evaluation/", include("hearth.evaluation.urls")),
    path("api/v1/docs", api_docs, name="api-docs"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "hearth.core.views.bad_request"
handler403 = "hearth.core.views.permission_denied"
handler404 = "hearth.core.views.page_not_found"
handler500 = "hearth.core.views.server_error"
