"""What every page of the shell needs: the navigation for the visitor's role."""

from django.http import HttpRequest

from impactplein.core.navigation import navigation_for


def shell(request: HttpRequest) -> dict[str, object]:
    return {"navigation": navigation_for(request.user)}
