"""A photo of people shows only with recorded consent for the web; withdrawn consent hides it.

The pure rule in ``directory.consent``: who gave consent and when must be known and the scope must
include the web; a photo without people needs none; a withdrawn photo never shows and no longer
blocks publication (it is gone).
"""

from datetime import date

from hypothesis import given
from hypothesis import strategies as st

from impactplein.directory.consent import PhotoConsent, Problem, Scope, blocking, may_show, problem

GIVEN = {"given_by": "Fatima el Amrani", "given_on": date(2026, 5, 1)}


def test_a_photo_of_people_needs_who_when_and_the_web():
    assert problem(PhotoConsent(shows_people=True)) is Problem.NO_CONSENT
    assert problem(PhotoConsent(shows_people=True, given_by="  ", given_on=date(2026, 1, 1))) is (
        Problem.NO_CONSENT
    )
    assert problem(PhotoConsent(shows_people=True, **GIVEN, scope=[Scope.PRINT])) is (
        Problem.NOT_FOR_WEB
    )
    assert may_show(PhotoConsent(shows_people=True, **GIVEN, scope=[Scope.WEB, Scope.PRINT]))


def test_a_photo_without_people_needs_no_consent():
    assert may_show(PhotoConsent(shows_people=False))


def test_withdrawn_never_shows_and_no_longer_blocks():
    withdrawn = PhotoConsent(shows_people=True, **GIVEN, scope=[Scope.WEB], withdrawn=True)
    assert problem(withdrawn) is Problem.WITHDRAWN
    assert blocking([withdrawn]) == []


@given(
    shows_people=st.booleans(),
    given_by=st.sampled_from(["", "Jan", " "]),
    given_on=st.sampled_from([None, date(2026, 1, 1)]),
    scope=st.lists(st.sampled_from(list(Scope)), unique=True),
    withdrawn=st.booleans(),
)
def test_a_shown_photo_of_people_always_has_complete_consent_for_the_web(
    shows_people, given_by, given_on, scope, withdrawn
):
    photo = PhotoConsent(shows_people, given_by, given_on, scope, withdrawn)
    if may_show(photo):
        assert not withdrawn
        if shows_people:
            assert given_by.strip()
            assert given_on is not None
            assert Scope.WEB in scope
    assert (photo in blocking([photo])) == (not withdrawn and not may_show(photo))
