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
    path("api/v1/docs", api_docs, name="api-docs"),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]

handler400 = "hearth.core.views.bad_request"
handler403 = "hearth.core.views.permission_denied"
handler404 = "hearth.core.views.page_not_found"
handler500 = "hearth.core.views.server_error"
