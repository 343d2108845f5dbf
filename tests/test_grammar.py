from datetime import date

import pytest

HEADERS = [
    # line, printed stamp, hour, minute, zone, headline
    ("1557 GMT — NATO will extend an invitation", "1557 GMT", 15, 57, "GMT", "NATO will extend an invitation"),
    ("00:37am: Russia’s Medvedev says", "00:37am", 0, 37, None, "Russia’s Medvedev says"),
    ("1:09:am Russia launches drone attack", "1:09:am", 1, 9, None, "Russia launches drone attack"),
    ("10:13pm: Biden, Erdogan discuss", "10:13pm", 22, 13, None, "Biden, Erdogan discuss"),
    ("12:05 a.m. ET Headline", "12:05 a.m. ET", 0, 5, "ET", "Headline"),
    ("12:05 PM - Noon headline", "12:05 PM", 12, 5, None, "Noon headline"),
    ("3.57 pm BST | Headline", "3.57 pm BST", 15, 57, "BST", "Headline"),
    ("15h57 Titre", "15h57", 15, 57, None, "Titre"),
    ("15.57 CEST: x", "15.57 CEST", 15, 57, "CEST", "x"),
    ("18:40 Kyiv time: Strike on Odesa", "18:40 Kyiv time", 18, 40, "Kyiv time", "Strike on Odesa"),
    ("10:31 (GMT+2) Something", "10:31 GMT+2", 10, 31, "GMT+2", "Something"),
    ("• 09:05 EEST Bullet post", "09:05 EEST", 9, 5, "EEST", "Bullet post"),
    ("Russia launches drone attack on Kyiv | 3:57 PM", "3:57 PM", 15, 57, None, "Russia launches drone attack on Kyiv"),
    ("Posted at 11:05 Biden lands", "11:05", 11, 5, None, "Biden lands"),
    ("15:57:04 UTC - With seconds", "15:57:04 UTC", 15, 57, "UTC", "With seconds"),
]


def test_iso_and_sky_styles(grammar):
    h = grammar.header("2023-07-11T15:57:00Z Headline here")
    assert (h.stamp.day, h.stamp.hour, h.stamp.minute, h.stamp.zone, h.headline) == \
        (date(2023, 7, 11), 15, 57, "Z", "Headline here")
    h = grammar.header("Tuesday 11 July 2023 15:57, UK")
    assert (h.stamp.day, h.stamp.hour, h.stamp.zone, h.headline) == (date(2023, 7, 11), 15, "UK", "")


def test_updated_at_is_not_a_new_entry(grammar):
    assert grammar.header("Updated at 02.20 BST") is None


@pytest.mark.parametrize("line, printed, hour, minute, zone, headline", HEADERS)
def test_headers(grammar, line, printed, hour, minute, zone, headline):
    h = grammar.header(line)
    assert h is not None
    assert (h.stamp.printed, h.stamp.hour, h.stamp.minute, h.stamp.zone, h.headline) == \
        (printed, hour, minute, zone, headline)


@pytest.mark.parametrize("line", ["1.5 km along the front", "Stoltenberg said 1500 troops", "25:99 — not a time",
                                  "The 12 people killed"])
def test_not_headers(grammar, line):
    h = grammar.header(line)
    assert h is None or not h.strong


def test_date_printed_with_the_time(grammar):
    h = grammar.header("11 July 2023 15:57 BST — Headline")
    assert h.stamp.day == date(2023, 7, 11) and h.stamp.zone == "BST" and h.headline == "Headline"
    h = grammar.header("15:57 GMT, July 12, 2023 - Headline")
    assert h.stamp.day == date(2023, 7, 12) and h.headline == "Headline"


def test_relative_stamp(grammar):
    h = grammar.header("2h ago Kremlin responds")
    assert h.stamp.ago_minutes == 120 and h.headline == "Kremlin responds"


@pytest.mark.parametrize("line, want", [
    ("Tuesday, July 11, 2023", date(2023, 7, 11)),
    (" date 2023-07-12 HOUR BY HOUR", date(2023, 7, 12)),
    ("Wednesday 12 July 2023", date(2023, 7, 12)),
    ("11 Jul 2023", date(2023, 7, 11)),
    ("Updated: July 12, 2023", date(2023, 7, 12)),
])
def test_date_lines(grammar, line, want):
    d = grammar.date_only_line(line)
    assert d is not None and grammar.resolve(d, None) == want


@pytest.mark.parametrize("line", ["Key developments from Tuesday, July 11:", "On July 11, 2023 the summit opened",
                                  "Leaders met in Vilnius on July 11, 2023 to discuss the bid."])
def test_not_date_lines(grammar, line):
    assert grammar.date_only_line(line) is None


def test_resolve_fills_year_and_weekday(grammar):
    [d] = grammar.find_dates("Key developments from Tuesday, July 11:")
    assert grammar.resolve(d, date(2023, 7, 12)) == date(2023, 7, 11)
    [d] = grammar.find_dates("What happened on Tuesday:")
    assert grammar.resolve(d, date(2023, 7, 12)) == date(2023, 7, 11)   # 12 July 2023 was a Wednesday


def test_zone_statement(grammar):
    assert grammar.zone_statement("Read on. All times are Paris time (GMT+2).") == "Paris time"
    assert grammar.zone_statement("All times in UTC+3") == "UTC+3"
    assert grammar.zone_statement("Times are shown everywhere") is None


def test_dates_printed_in_other_languages_are_read(rules):
    from reconcile.grammar import Grammar

    g = Grammar(rules)
    for line, want in [("12 juillet 2023", (2023, 7, 12)), ("12 липня 2023", (2023, 7, 12)),
                       ("11 июля 2023 года", (2023, 7, 11)), ("24 febbraio 2025", (2025, 2, 24))]:
        got = [(d.year, d.month, d.day) for d in g.find_dates(line)]
        assert got == [want], line
    assert g.date_only_line("12 липня 2023") is not None
