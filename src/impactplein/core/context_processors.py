"""What every page of the shell needs: the navigation for the visitor's role."""

from django.http import HttpRequest

from impactplein.core.navigation import account_navigation_for, current_url, navigation_for


def shell(request: HttpRequest) -> dict[str, object]:
    user = getattr(request, "user", None)
    navigation = navigation_for(user)
    return {
        "navigation": navigation,
        "navigation_current_url": current_url(navigation, request.path),
        "account_navigation": account_navigation_for(user),
    }
