"""Demo accounts: one user per role plus two organisation members (``manage.py seed_demo``).

They exist only in demo data and share the password ``core.demo.DEMO_PASSWORD`` (see README).
"""

from allauth.account.models import EmailAddress

from impactplein.accounts.models import User
from impactplein.accounts.services import roles_sync, user_grant_role
from impactplein.core.demo import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, DemoContext

# (key, local part of the e-mail address, display name, role slug or None)
DEMO_USERS: tuple[tuple[str, str, str, str | None], ...] = (
    ("coordinator", "coordinator", "Sanne de Programmacoördinator", "programme-coordinator"),
    ("procurement", "inkoop", "Ilse van Inkoop", "procurement-officer"),
    ("employer_adviser", "werkgeversadviseur", "Wouter van het WSP", "employer-adviser"),
    ("editor", "redactie", "Ruben de Redacteur", "association-editor"),
    ("overlegtafel", "overlegtafel", "Olga van de Overlegtafel", "overlegtafel-member"),
    ("administrator", "beheer", "Bram de Beheerder", "administrator"),
    ("entrepreneur", "ondernemer", "Eva de Ondernemer", None),
    ("social", "maatschappelijk", "Mo van de Buurtstichting", None),
)


def seed(context: DemoContext) -> None:
    roles_sync()
    for key, local_part, display_name, role_slug in DEMO_USERS:
        email = f"{local_part}@{DEMO_EMAIL_DOMAIN}"
        user = User.objects.create_user(email, DEMO_PASSWORD, display_name=display_name)
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if role_slug:
            user_grant_role(user=user, role_slug=role_slug)
        context.remember(f"user:{key}", user)
    context.say(f"{len(DEMO_USERS)} demo accounts (password: {DEMO_PASSWORD})")
