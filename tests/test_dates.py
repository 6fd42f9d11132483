"""`pipeline.dates`: one case per way Danish minutes and agendas write a date.

Every expected date below was worked out by hand from the text (numeric dates are
day-month-year: a Danish document never writes the month first).
"""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.dates import find_dates, find_time, parse_date

# (text, expected date, expected time after it, weekday led it, the text the match covers)
SHAPES = [
    pytest.param("onsdag den 26. august 2020 kl. 17:00", date(2020, 8, 26), "17:00", True,
                 "onsdag den 26. august 2020 kl. 17:00", id="weekday-den-worded-month-kl"),
    pytest.param("Tirsdag den 03-12-2013", date(2013, 12, 3), None, True,
                 "Tirsdag den 03-12-2013", id="weekday-den-dashed"),
    pytest.param("08-03-2021 16:00", date(2021, 3, 8), "16:00", False,
                 "08-03-2021 16:00", id="dashed-then-bare-time"),  # 8 March, not 3 August
    pytest.param("den 15-maj-2002", date(2002, 5, 15), None, False, "15-maj-2002", id="dashed-worded-month"),
    pytest.param("26.08.2020", date(2020, 8, 26), None, False, "26.08.2020", id="dotted"),
    pytest.param("Mødedato: 26.08.2020", date(2020, 8, 26), None, False, "26.08.2020", id="after-a-label"),
    pytest.param("Beslutning i Byrådet den 4. februar 2025", date(2025, 2, 4), None, False,
                 "4. februar 2025", id="in-a-decision-heading"),
    pytest.param("4. feb. 2025", date(2025, 2, 4), None, False, "4. feb. 2025", id="abbreviated-month"),
    pytest.param("7. august 2025", date(2025, 8, 7), None, False, "7. august 2025", id="day-le-12-worded-month"),
    pytest.param("03-04-2018", date(2018, 4, 3), None, False, "03-04-2018", id="day-and-month-both-le-12"),
    pytest.param("d. 3. marts 2022", date(2022, 3, 3), None, False, "3. marts 2022", id="d-dot"),
    pytest.param("Onsdag, April 3, 2019 - 18:00", date(2019, 4, 3), "18:00", True,
                 "Onsdag, April 3, 2019 - 18:00", id="english-template"),
    pytest.param("2. sept. 2021", date(2021, 9, 2), None, False, "2. sept. 2021", id="sept-dot"),
    pytest.param("31. maj, 2017 kl. 13:00", date(2017, 5, 31), "13:00", False, "31. maj, 2017 kl. 13:00",
                 id="comma-before-year"),
]


@pytest.mark.parametrize(("text", "expected", "time", "weekday", "covered"), SHAPES)
def test_date_shape(text, expected, time, weekday, covered):
    found = find_dates(text)
    assert len(found) == 1, found
    match = found[0]
    assert match.value == expected
    assert match.time == time
    assert match.weekday is weekday
    assert text[match.start:match.end] == covered
    assert parse_date(text) == expected


def test_day_and_month_are_not_swapped():
    # Each would read as another valid date (8 July, 4 March, 3 August) if day and month were swapped.
    assert (parse_date("7. august 2025").day, parse_date("7. august 2025").month) == (7, 8)
    assert (parse_date("03-04-2018").day, parse_date("03-04-2018").month) == (3, 4)
    assert (parse_date("08-03-2021 16:00").day, parse_date("08-03-2021 16:00").month) == (8, 3)


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("31-02-2020", id="impossible-31-february"),
        pytest.param("315.19", id="decimal-number"),
        pytest.param("Anlægsudgiften er 315.19 mio. kr.", id="decimal-number-in-prose"),
    ],
)
def test_no_date(text):
    assert find_dates(text) == []
    assert parse_date(text) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("Mødetidspunkt: kl. 17:00", "17:00", id="kl-colon"),
        pytest.param("Kl. 19.00", "19:00", id="kl-dot"),
        pytest.param("16:00", "16:00", id="bare"),
        pytest.param("kl. 9", "09:00", id="hour-only"),
        pytest.param("Mødet sluttede sent", None, id="no-time"),
    ],
)
def test_find_time(text, expected):
    assert find_time(text) == expected
