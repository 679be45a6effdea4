"""Permission building blocks that every app's ``rules.py`` shares."""

from django.contrib.auth.backends import ModelBackend

import rules

_model_backend = ModelBackend()


def has_model_perm(perm: str) -> rules.Predicate:
    """The user holds ``perm`` for all objects, through a group (role) or directly.

    Django's ``ModelBackend`` answers ``False`` for every object check, so an object rule that
    staff may pass with a role's permission combines its own predicate with this one.
    """

    def check(user: object) -> bool:
        # Asked of ModelBackend directly: ``user.has_perm`` would come back into the rules.
        return _model_backend.has_perm(user, perm)

    return rules.Predicate(check, name=f"has_model_perm:{perm}")
