"""The impact scan's scoring: 22 questions in five areas, 0-4 each or not applicable.

Area score = points / maximum x 100; the total is the weighted mean of the scored areas; levels
Starter < 40 <= Op weg < 70 <= Koploper, and Koploper only when every scored area reaches 40.
"""

from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from impactplein.directory import scan
from impactplein.directory.scan import Area, Level, ScanError

NUMBERS = sorted(scan.QUESTION_NUMBERS)


def answers(default: int | None = 0, **by_area: int | None) -> dict[int, int | None]:
    """Every question answered ``default``, or by area: ``answers(mission=4)``."""
    return {
        question.number: by_area.get(question.area.value, default) for question in scan.QUESTIONS
    }


answer_values = st.one_of(st.none(), st.integers(min_value=0, max_value=4))
answer_sets = st.fixed_dictionaries(dict.fromkeys(NUMBERS, answer_values))


def test_there_are_22_questions_in_five_areas_each_with_sdgs():
    assert len(scan.QUESTIONS) == 22
    assert list(range(1, 23)) == NUMBERS
    per_area = {area: [q for q in scan.QUESTIONS if q.area is area] for area in Area}
    assert {area: len(qs) for area, qs in per_area.items()} == {
        Area.MISSION: 5, Area.PEOPLE: 4, Area.COMMUNITY: 5, Area.ENVIRONMENT: 4, Area.PRODUCT: 4,
    }  # fmt: skip
    for question in scan.QUESTIONS:
        assert question.sdgs
        assert all(1 <= sdg <= 17 for sdg in question.sdgs)
        assert question.text_nl
        assert question.text_en


def test_all_zero_is_a_starter_and_all_four_a_front_runner():
    nothing = scan.score(answers(0))
    assert nothing.total == Decimal("0.0")
    assert nothing.level is Level.STARTER

    everything = scan.score(answers(4))
    assert everything.total == Decimal("100.0")
    assert set(everything.area_scores.values()) == {Decimal("100.0")}
    assert everything.level is Level.FRONT_RUNNER


def test_area_score_is_points_over_maximum():
    # Mission: 5 questions; answers 4, 3, 2, 1, 0 give 10 of 20 points.
    given_answers = answers(0)
    given_answers.update({1: 4, 2: 3, 3: 2, 4: 1, 5: 0})
    assert scan.score(given_answers).area_scores[Area.MISSION] == Decimal("50.0")


def test_not_applicable_leaves_the_maximum():
    given_answers = answers(0, environment=4)
    given_answers[18] = None  # water and green space do not apply
    given_answers[17] = 2
    # Environment: 4 + 2 + 4 of 12 points = 83.33...
    assert scan.score(given_answers).area_scores[Area.ENVIRONMENT] == Decimal("83.3")


def test_an_area_without_applicable_questions_has_no_score_and_no_weight():
    result = scan.score(answers(4, environment=None))
    assert result.area_scores[Area.ENVIRONMENT] is None
    assert result.total == Decimal("100.0")
    assert result.level is Level.FRONT_RUNNER


def test_one_strong_area_cannot_hide_a_weak_one():
    # Four areas at 100 and people at 25: total 85, but one area is below 40.
    result = scan.score(answers(4, people=1))
    assert result.total == Decimal("85.0")
    assert result.area_scores[Area.PEOPLE] == Decimal("25.0")
    assert result.level is Level.ON_THE_WAY
    assert result.weakest_area is Area.PEOPLE


@pytest.mark.parametrize(
    ("total", "level"),
    [
        (Decimal("39.9"), Level.STARTER),
        (Decimal("40.0"), Level.ON_THE_WAY),
        (Decimal("69.9"), Level.ON_THE_WAY),
        (Decimal("70.0"), Level.FRONT_RUNNER),
    ],
)
def test_level_boundaries(total, level):
    assert scan.level_for(total, dict.fromkeys(Area, total)) is level


def test_weights_per_programme_year_change_the_total():
    given_answers = answers(0, product=4)
    equal = scan.score(given_answers)
    assert equal.total == Decimal("20.0")
    weights = {area: Decimal(1) for area in Area} | {Area.PRODUCT: Decimal(3)}
    weighted = scan.score(given_answers, weights)
    assert weighted.total == Decimal("42.9")  # 300 / 7
    assert weighted.weights[Area.PRODUCT] == Decimal(3)


def test_rounding_is_half_up_to_one_decimal():
    # People: 4 questions, 1 point of 16 = 6.25 -> 6.3
    given_answers = answers(0)
    given_answers[6] = 1
    assert scan.score(given_answers).area_scores[Area.PEOPLE] == Decimal("6.3")


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({23: 1}, "Unknown question number(s): 23"),
        ({1: 5}, "Question 1: the answer must be 0 to 4"),
        ({2: -1}, "Question 2: the answer must be 0 to 4"),
        ({3: True}, "Question 3: the answer must be 0 to 4"),
        ({4: "3"}, "Question 4: the answer must be 0 to 4"),
    ],
)
def test_bad_answers_are_refused_with_the_question_named(change, message):
    given_answers = answers(2) | change
    with pytest.raises(ScanError, match=message.replace("(", r"\(").replace(")", r"\)")):
        scan.score(given_answers)


def test_a_scan_with_unanswered_questions_is_refused():
    given_answers = answers(2)
    del given_answers[7], given_answers[12]
    with pytest.raises(ScanError, match="not answered: 7, 12"):
        scan.score(given_answers)


def test_weights_must_cover_every_area_and_not_be_negative():
    with pytest.raises(ScanError):
        scan.score(answers(2), {Area.MISSION: Decimal(1)})
    with pytest.raises(ScanError):
        scan.score(answers(2), {area: Decimal(-1) for area in Area})


@given(answer_sets)
def test_scores_stay_between_0_and_100(given_answers):
    result = scan.score(given_answers)
    assert Decimal(0) <= result.total <= Decimal(100)
    for value in result.area_scores.values():
        assert value is None or Decimal(0) <= value <= Decimal(100)


@given(answer_sets, st.sampled_from(NUMBERS))
def test_a_better_answer_never_lowers_a_score(given_answers, number):
    value = given_answers[number]
    if value is None or value == 4:
        return
    before = scan.score(given_answers)
    after = scan.score(given_answers | {number: value + 1})
    assert after.total >= before.total
    for area in Area:
        if before.area_scores[area] is not None:
            assert after.area_scores[area] >= before.area_scores[area]


@given(answer_sets)
def test_front_runners_have_no_area_below_40(given_answers):
    result = scan.score(given_answers)
    if result.level is Level.FRONT_RUNNER:
        assert result.total >= 70
        assert all(v is None or v >= 40 for v in result.area_scores.values())
    if result.total < 40:
        assert result.level is Level.STARTER
