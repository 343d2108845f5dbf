"""Parsing and time normalisation: seeds, table cases and hypothesis properties."""
from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reconcile.ingest import read_document
from reconcile.model import Stamp
from reconcile.parse import identify_source, parse_document
from reconcile.times import ClockOptions, normalise, place_stamp
from reconcile.rules import zone_from_value

from .blogs import FAMILIES, blogs
from .conftest import SEEDS


def parse_text(tmp_path: Path, text: str | bytes, rules, grammar, name: str = "blog.txt"):
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    doc = read_document(path)
    rule = identify_source(doc, rules)
    page = parse_document(doc, rules, grammar, rule)
    source, entries, notices = normalise(page, rule.id if rule else "blog", "Blog", rule, rules, ClockOptions())
    return doc, page, entries, notices


def accounted(doc, page, entries) -> list[int]:
    return sorted([n for e in entries for n in e.line_numbers] + [s.line for s in page.skipped])


def nonblank(doc) -> list[int]:
    return [n for n, line in enumerate(doc.lines, 1) if line.strip()]


def test_seed_trt(rules, grammar, tmp_path):
    doc, page, entries, _ = parse_text(tmp_path, (SEEDS / "000_86434dbb45b11ba9.txt").read_text(), rules, grammar)
    assert page.page_date == date(2023, 7, 11)
    assert len(entries) == 22
    assert entries[0].printed_time == "1557 GMT" and entries[0].time == datetime(2023, 7, 11, 15, 57, tzinfo=UTC)
    # newest first: 2318 below 0050 belongs to the day before
    late = next(e for e in entries if e.printed_time == "2318 GMT")
    assert late.time == datetime(2023, 7, 10, 23, 18, tzinfo=UTC)
    zel = next(e for e in entries if e.printed_time == "1612 GMT")
    assert any("pic.twitter.com" in x for x in zel.embeds) and any("(@TRTWorldNow)" in x for x in zel.embeds)
    assert accounted(doc, page, entries) == nonblank(doc)


def test_seed_france24(rules, grammar, tmp_path):
    doc, page, entries, _ = parse_text(tmp_path, (SEEDS / "001_d71f278dd09be034.txt").read_text(), rules, grammar)
    assert page.page_zone == "Paris time"
    by_printed = {e.printed_time: e for e in entries}
    assert by_printed["1:09:am"].time == datetime(2023, 7, 11, 23, 9, tzinfo=UTC)
    assert by_printed["10:13pm"].time == datetime(2023, 7, 11, 20, 13, tzinfo=UTC)
    summaries = [e for e in entries if e.kind == "summary"]
    assert len(summaries) == 4 and {e.date for e in summaries} == {date(2023, 7, 11)}
    lead = next(e for e in entries if e.kind == "lead")
    assert lead.time is None and lead.date == date(2023, 7, 12)
    reasons = {s.reason for s in page.skipped}
    assert {"photo caption", "advertising", "credit line", "newsletter or subscription blurb"} <= reasons
    assert accounted(doc, page, entries) == nonblank(doc)


def test_oldest_first_page_crossing_midnight(rules, grammar, tmp_path):
    text = "Live\nJuly 11, 2023\nAll times are Kyiv time.\n23:10 — First\nBody one.\n23:50 — Second\n00:20 — Third\n"
    _, _, entries, _ = parse_text(tmp_path, text, rules, grammar)
    assert [e.time.isoformat() for e in entries] == [
        "2023-07-11T20:10:00+00:00", "2023-07-11T20:50:00+00:00", "2023-07-11T21:20:00+00:00"]


def test_day_separators_on_a_multi_day_page(rules, grammar, tmp_path):
    text = ("Live\nWednesday 12 July 2023\nAll times are UK time.\n09:00 - Late\nx y z.\n"
            "Tuesday 11 July 2023\n21:00 - Early\n08:00 - Earliest\n")
    _, page, entries, _ = parse_text(tmp_path, text, rules, grammar)
    assert [e.time.isoformat() for e in entries] == [
        "2023-07-12T08:00:00+00:00", "2023-07-11T20:00:00+00:00", "2023-07-11T07:00:00+00:00"]
    assert any(s.reason == "day separator" for s in page.skipped)


def test_dst_change_is_handled_by_zoneinfo(rules, grammar, tmp_path):
    # UK clocks went forward at 01:00 UTC on 26 March 2023.
    text = "Live\nMarch 26, 2023\nAll times are UK time.\n00:30 - Before\n03:30 - After\n"
    _, _, entries, _ = parse_text(tmp_path, text, rules, grammar)
    assert [e.time.isoformat() for e in entries] == ["2023-03-26T00:30:00+00:00", "2023-03-26T02:30:00+00:00"]


def test_unknown_zone_gives_null_time_and_a_warning(rules, grammar, tmp_path):
    _, _, entries, notices = parse_text(tmp_path, "Live\nJuly 11, 2023\n10:00 - A thing\n11:00 - Another\n",
                                        rules, grammar)
    assert all(e.time is None and e.printed_time for e in entries)
    assert any(n.code == "no-zone" and n.file == "blog.txt" for n in notices)


def test_no_timestamps_keeps_paragraphs_as_untimed_entries(rules, grammar, tmp_path):
    doc, page, entries, _ = parse_text(tmp_path, "A title\n\nFirst paragraph here.\n\nSecond one.\n", rules, grammar)
    assert [e.body for e in entries] == ["A title", "First paragraph here.", "Second one."]
    assert any(n.code == "no-timestamps" for n in page.notices)


def test_impossible_time_is_reported_and_kept(rules, grammar, tmp_path):
    text = "Live\nJuly 11, 2023\nAll times are GMT.\n10:00 - Real\n25:99 - not a time\n"
    doc, page, entries, _ = parse_text(tmp_path, text, rules, grammar)
    assert any(n.line == 5 and "25:99" in n.message for n in page.notices)
    assert "25:99 - not a time" in entries[0].body
    assert accounted(doc, page, entries) == nonblank(doc)


def test_place_stamp_picks_the_nearest_day():
    zone = zone_from_value("Europe/Paris")
    prev = datetime(2023, 7, 11, 23, 52, tzinfo=UTC)   # 01:52 on 12 July in Paris
    assert place_stamp(Stamp("10:13pm", 22, 13), zone, prev) == datetime(2023, 7, 11, 20, 13, tzinfo=UTC)
    assert place_stamp(Stamp("02:30", 2, 30), zone, prev) == datetime(2023, 7, 12, 0, 30, tzinfo=UTC)


def round_trip(rules, grammar, tmp: Path, blog) -> None:
    """Every post found with its headline and its true time (None where the page gives
    none); every non-blank line accounted for once."""
    doc, page, entries, notices = parse_text(tmp, blog.text, rules, grammar, name=blog.name)
    posts = [e for e in entries if e.kind == "post"]
    assert [e.headline for e in posts] == blog.headlines
    assert [e.time for e in posts] == blog.times
    assert accounted(doc, page, entries) == nonblank(doc)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(blog=blogs())
def test_random_blogs_round_trip(rules, grammar, tmp_path_factory, blog):
    round_trip(rules, grammar, tmp_path_factory.mktemp("blog"), blog)


def test_the_generator_writes_every_layout_family():
    assert set(FAMILIES.values()) == {1, 2, 3, 4, 5, 6}


@pytest.mark.parametrize("family", sorted(FAMILIES))
@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_each_layout_family_round_trips(rules, grammar, tmp_path_factory, family, data):
    round_trip(rules, grammar, tmp_path_factory.mktemp("blog"), data.draw(blogs(family=family), label="blog"))


@settings(max_examples=150, deadline=None)
@given(data=st.binary(max_size=2000))
def test_arbitrary_bytes_never_crash(rules, grammar, tmp_path_factory, data):
    from reconcile.errors import InputError

    tmp = tmp_path_factory.mktemp("bytes")
    try:
        doc, page, entries, _ = parse_text(tmp, data, rules, grammar)
    except InputError as exc:
        assert "blog.txt" in str(exc)
        return
    assert accounted(doc, page, entries) == nonblank(doc)


def test_overnight_pause_on_an_oldest_first_page(rules, grammar, tmp_path):
    text = ("Live\nJuly 11, 2023\nAll times are GMT.\n17:00 - A\n18:30 - B\n19:10 - C\n20:00 - D\n"
            "09:00 - Next morning\n")
    _, _, entries, _ = parse_text(tmp_path, text, rules, grammar)
    assert entries[-1].time == datetime(2023, 7, 12, 9, 0, tzinfo=UTC)


def test_overnight_pause_on_a_newest_first_page(rules, grammar, tmp_path):
    text = ("Live\nJuly 12, 2023\nAll times are GMT.\n11:00 - D\n10:00 - C\n09:30 - B\n09:00 - A\n"
            "20:00 - Previous evening\n")
    _, _, entries, _ = parse_text(tmp_path, text, rules, grammar)
    assert entries[-1].time == datetime(2023, 7, 11, 20, 0, tzinfo=UTC)


def test_a_mention_of_an_outlet_is_not_its_signature(rules, tmp_path):
    path = tmp_path / "other.txt"
    path.write_text("Live\nJuly 11, 2023\n10:00 GMT - Claims\nTRT World and FRANCE 24 reported the strike.\n")
    assert identify_source(read_document(path), rules) is None


def test_page_date_from_the_file_name(rules, grammar, tmp_path):
    _, _, entries, notices = parse_text(tmp_path, "Live\nAll times are GMT.\n10:00 - A\n11:00 - B\n", rules, grammar,
                                        name="blog_2023-07-11.txt")
    assert entries[0].time == datetime(2023, 7, 11, 10, 0, tzinfo=UTC)
    assert any(n.code == "date-from-name" for n in notices)


def test_summary_heading_without_colon_opens_a_section(rules, grammar, tmp_path):
    text = ("Live\nJuly 12, 2023\nAll times are GMT.\n10:00 - First post\nBody of the post.\n"
            "Key developments on Tuesday\nLeaders met in Vilnius.\nFrance sent missiles.\n")
    _, _, entries, _ = parse_text(tmp_path, text, rules, grammar)
    assert [(e.kind, e.date.isoformat()) for e in entries] == [
        ("post", "2023-07-12"), ("summary", "2023-07-11"), ("summary", "2023-07-11")]
