from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from impactplein.core import views as core_views

urlpatterns = [
    path("health/", core_views.health, name="health"),
    path("i18n/", include("django.conf.urls.i18n")),
]

# Pages carry no language prefix: the language comes from the switch (cookie) or the browser,
# so shared links stay the same in Dutch and English.
urlpatterns += [
    path("", include("impactplein.core.urls")),
    path("account/", include("impactplein.accounts.urls")),
    path("account/", include("allauth.urls")),
    path("organisaties/", include("impactplein.organisations.urls")),
    path("", include("impactplein.directory.urls")),
    path("social-return/", include("impactplein.socialreturn.urls")),
    path("programma/", include("impactplein.programme.urls")),
    path("", include("impactplein.reports.urls")),
    path("beheer/", admin.site.urls),
]

handler400 = "impactplein.core.views.bad_request"
handler403 = "impactplein.core.views.permission_denied"
handler404 = "impactplein.core.views.page_not_found"
handler500 = "impactplein.core.views.server_error"

if settings.DEBUG:  # pragma: no cover - development convenience only
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
