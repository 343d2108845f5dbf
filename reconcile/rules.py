"""Load rules/ into typed, validated objects. Every problem is reported at once."""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from functools import cached_property
from datetime import timedelta, timezone, tzinfo
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from .errors import RulesError

FLAGS = re.IGNORECASE


def default_rules_dir() -> Path:
    """The rules shipped inside an installed wheel, else the repository's rules/."""
    here = Path(__file__).resolve().parent
    packaged = here / "_rules"
    return packaged if packaged.is_dir() else here.parent / "rules"


@dataclass(frozen=True)
class SkipRule:
    reason: str
    pattern: re.Pattern[str]
    max_words: int = 10_000
    not_starting_with: re.Pattern[str] | None = None

    def matches(self, line: str, words: int | None = None) -> bool:
        if (len(line.split()) if words is None else words) > self.max_words:
            return False
        if self.not_starting_with is not None and self.not_starting_with.search(line):
            return False
        return self.pattern.search(line) is not None


@dataclass(frozen=True)
class TimeFormat:
    name: str
    pattern: str
    strong: bool


@dataclass(frozen=True)
class SourceRule:
    id: str
    publisher: str
    detect: tuple[re.Pattern[str], ...]
    timezone: str | None
    skip: tuple[SkipRule, ...]
    wires: tuple[str, ...]
    file: str


@dataclass(frozen=True)
class Outcome:
    """Two sets of words that cannot both be true of one event (advanced / repelled)."""

    name: str
    claims: tuple[str, ...]
    rebuts: tuple[str, ...]

    @cached_property
    def claims_re(self) -> re.Pattern[str]:
        return _words(self.claims)

    @cached_property
    def rebuts_re(self) -> re.Pattern[str]:
        return _words(self.rebuts)


def _words(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(?:" + "|".join(re.escape(w) for w in words) + r")\b", FLAGS)


@dataclass(frozen=True)
class Rules:
    directory: Path
    months: tuple[str, ...]
    month_abbreviations: tuple[str, ...]
    weekdays: tuple[str, ...]
    date_line_fillers: frozenset[str]
    time_prepositions: frozenset[str]
    stopwords: frozenset[str]
    abbreviations: frozenset[str]
    titles: frozenset[str]
    time_formats: tuple[TimeFormat, ...]
    relative_pattern: str
    relative_units: dict[str, int]
    impossible_time: re.Pattern[str]
    separators: str
    stamp_prefix: str
    stamp_label: str
    zones: dict[str, str]
    offset_pattern: str
    statements: tuple[re.Pattern[str], ...]
    skip: tuple[SkipRule, ...]
    embed_attribution: re.Pattern[str]
    embed_link: re.Pattern[str]
    min_lead_words: int
    max_standfirst_words: int
    max_section_heading_words: int
    byline: re.Pattern[str]
    capture: re.Pattern[str]
    summary_heading: re.Pattern[str]
    aliases: dict[str, str]              # variant (lower case, may hold spaces) -> canonical
    outcomes: tuple[Outcome, ...]
    quantity_nouns: frozenset[str]
    speech_verbs: tuple[str, ...]
    wires: tuple[str, ...]
    thresholds: dict[str, dict[str, float]]
    sources: tuple[SourceRule, ...] = field(default=())
    linking: dict[str, dict[str, Any]] = field(default_factory=dict)
    model: Any = None                    # fsmodel.Model: m learnt on labelled days
    model_matches_per_unit: float = 1.0  # expected same-event partners per unit (prior odds)
    foreign_months: dict[str, int] = field(default_factory=dict)   # "juillet" -> 7 (rules/months.toml)

    def zone(self, name: str) -> tzinfo | None:
        """The tzinfo a printed zone name stands for, or None if unknown."""
        key = " ".join(name.split()).lower()
        for known, value in self.zones.items():
            if known.lower() == key:
                return zone_from_value(value)
        m = re.fullmatch(self.offset_pattern, name.strip(), FLAGS)
        if m:
            sign = -1 if m["sign"] in "-−" else 1
            hours, minutes = int(m["hh"]), int(m["mm"] or 0)
            if hours > 14 or minutes > 59:
                return None          # "GMT+25" names no clock on Earth: unknown, never a crash
            return timezone(sign * timedelta(hours=hours, minutes=minutes))
        return None

    def t(self, section: str, key: str) -> float:
        return self.thresholds[section][key]


def zone_from_value(value: str) -> tzinfo:
    m = re.fullmatch(r"([+-])(\d\d):(\d\d)", value)
    if m:
        sign = -1 if m[1] == "-" else 1
        return timezone(sign * timedelta(hours=int(m[2]), minutes=int(m[3])))
    return ZoneInfo(value)


class _Problems:
    """Collects every validation problem so the user sees them all at once."""

    def __init__(self) -> None:
        self.items: list[str] = []

    def add(self, file: str, key: str, value: Any, allowed: str) -> None:
        self.items.append(f"{file}: {key} = {value!r}: {allowed}")

    def regex(self, file: str, key: str, pattern: Any, expand: dict[str, str],
              flags: int = FLAGS) -> re.Pattern[str]:
        if not isinstance(pattern, str):
            self.add(file, key, pattern, "must be a string holding a regular expression")
            return re.compile(r"(?!x)x")
        try:
            return re.compile(_expand(pattern, expand), flags)
        except re.error as exc:
            self.add(file, key, pattern, f"not a valid regular expression ({exc})")
            return re.compile(r"(?!x)x")


def _expand(pattern: str, expand: dict[str, str]) -> str:
    for name, alternation in expand.items():
        pattern = pattern.replace("{" + name + "}", alternation)
    return pattern


def _read(path: Path, problems: _Problems) -> dict[str, Any]:
    try:
        with path.open("rb") as fh:
            return tomllib.load(fh)
    except FileNotFoundError:
        problems.items.append(f"{path.name}: file is missing")
    except tomllib.TOMLDecodeError as exc:
        problems.items.append(f"{path.name}: not valid TOML ({exc})")
    return {}


def _skip_rules(data: list[Any], file: str, p: _Problems, expand: dict[str, str]) -> tuple[SkipRule, ...]:
    rules = []
    for i, item in enumerate(data):
        key = f"skip[{i}]"
        if not isinstance(item, dict) or "pattern" not in item or "reason" not in item:
            p.add(file, key, item, "needs 'pattern' and 'reason'")
            continue
        nsw = item.get("not_starting_with")
        rules.append(SkipRule(
            reason=str(item["reason"]),
            pattern=p.regex(file, f"{key}.pattern", item["pattern"], expand),
            max_words=int(item.get("max_words", 10_000)),
            not_starting_with=p.regex(file, f"{key}.not_starting_with", nsw, expand) if nsw else None,
        ))
    return tuple(rules)


def load_rules(directory: Path | str | None = None) -> Rules:
    """Read every rule file under `directory` (default: the shipped rules)."""
    d = Path(directory) if directory else default_rules_dir()
    p = _Problems()
    if not d.is_dir():
        raise RulesError([f"{d}: rules folder not found"])
    lang = _read(d / "language.toml", p)
    fmts = _read(d / "timeformats.toml", p)
    tzs = _read(d / "timezones.toml", p)
    boiler = _read(d / "boilerplate.toml", p)
    alias = _read(d / "aliases.toml", p)
    lex = _read(d / "lexicon.toml", p)
    thr = _read(d / "thresholds.toml", p)

    months = tuple(lang.get("months", []))
    abbrevs = tuple(lang.get("month_abbreviations", []))
    if len(months) != 12:
        p.add("language.toml", "months", months, "twelve month names")
    if len(abbrevs) != 12:
        p.add("language.toml", "month_abbreviations", abbrevs, "twelve abbreviations")
    weekdays = tuple(lang.get("weekdays", []))
    if len(weekdays) != 7:
        p.add("language.toml", "weekdays", weekdays, "seven weekday names")
    month_alt = "|".join(sorted(months + tuple(a + r"\.?" for a in abbrevs), key=len, reverse=True))
    expand = {"month": month_alt, "weekday": "|".join(weekdays)}

    formats = []
    for i, f in enumerate(fmts.get("format", [])):
        key = f"format[{i}]"
        pat = f.get("pattern")
        if set(f) - {"name", "pattern", "strength"}:
            p.add("timeformats.toml", key, sorted(set(f) - {"name", "pattern", "strength"}),
                  "only name, pattern, strength (top-level keys go above the first [[format]])")
        compiled = p.regex("timeformats.toml", f"{key}.pattern", pat, expand)
        if compiled.pattern != r"(?!x)x" and "h" not in compiled.groupindex:
            p.add("timeformats.toml", f"{key}.pattern", pat, "must define the group (?P<h>...)")
        if f.get("strength") not in ("strong", "weak"):
            p.add("timeformats.toml", f"{key}.strength", f.get("strength"), "'strong' or 'weak'")
        formats.append(TimeFormat(str(f.get("name", key)), str(pat), f.get("strength") == "strong"))
    relative = fmts.get("relative", {})
    if set(relative) - {"pattern", "units"}:
        p.add("timeformats.toml", "relative", sorted(set(relative) - {"pattern", "units"}),
              "only pattern and units (top-level keys go above [relative])")
    for key in ("separators", "impossible", "prefix", "label"):
        if key not in fmts:
            p.add("timeformats.toml", key, None, "required at top level")
    p.regex("timeformats.toml", "relative.pattern", relative.get("pattern", ""), expand)

    zones: dict[str, str] = {}
    for name, value in tzs.get("zones", {}).items():
        try:
            zone_from_value(str(value))
            zones[name] = str(value)
        except (ZoneInfoNotFoundError, ValueError):
            p.add("timezones.toml", f"zones.{name!r}", value, "an IANA zone name or an offset like '+02:00'")
    zones = dict(sorted(zones.items(), key=lambda kv: len(kv[0]), reverse=True))
    offset_pattern = tzs.get("offset_pattern", "")
    p.regex("timezones.toml", "offset_pattern", offset_pattern, expand)
    statements = tuple(p.regex("timezones.toml", f"statements[{i}]", s, expand)
                       for i, s in enumerate(tzs.get("statements", [])))

    page = boiler.get("page", {})
    embeds = boiler.get("embeds", {})

    aliases: dict[str, str] = {}
    for section in ("names", "synonyms"):
        for canon, variants in alias.get(section, {}).items():
            if not isinstance(variants, list):
                p.add("aliases.toml", f"{section}.{canon}", variants, "a list of variant spellings")
                continue
            for v in variants:
                aliases[str(v).lower()] = canon.lower()

    outcomes = []
    for i, o in enumerate(lex.get("outcomes", [])):
        if not o.get("claims") or not o.get("rebuts"):
            p.add("lexicon.toml", f"outcomes[{i}]", o, "needs non-empty 'claims' and 'rebuts'")
            continue
        extra = set(o) - {"name", "claims", "rebuts"}
        if extra:
            p.add("lexicon.toml", f"outcomes[{i}]", sorted(extra), "only name, claims, rebuts (top-level keys go above the first [[outcomes]])")
        outcomes.append(Outcome(str(o.get("name", i)), tuple(o["claims"]), tuple(o["rebuts"])))
    for key in ("quantity_nouns", "speech_verbs", "wires"):
        if not lex.get(key):
            p.add("lexicon.toml", key, lex.get(key), "a non-empty list")

    thresholds: dict[str, dict[str, float]] = {}
    for section, values in thr.items():
        thresholds[section] = {}
        for key, value in values.items():
            if not isinstance(value, (int, float)) or value < 0:
                p.add("thresholds.toml", f"{section}.{key}", value, "a non-negative number")
            else:
                thresholds[section][key] = float(value)
    required = {"time": ["max_step_against_order_hours"], "verdict": ["same_copy_ratio"]}
    for section, keys in required.items():
        for key in keys:
            if key not in thresholds.get(section, {}):
                p.add("thresholds.toml", f"{section}.{key}", None, "required")

    sources = []
    seen_ids: dict[str, str] = {}
    for path in sorted((d / "sources").glob("*.toml")):
        data = _read(path, p)
        name = f"sources/{path.name}"
        sid = data.get("id")
        if not isinstance(sid, str) or not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", sid or ""):
            p.add(name, "id", sid, "lower-case letters, digits, '-' or '_'")
            continue
        if sid in seen_ids:
            p.add(name, "id", sid, f"already used by {seen_ids[sid]}")
        seen_ids[sid] = name
        tz = data.get("timezone")
        if tz is not None:
            try:
                zone_from_value(str(tz))
            except (ZoneInfoNotFoundError, ValueError):
                p.add(name, "timezone", tz, "an IANA zone name or an offset like '+02:00'")
        detect = tuple(p.regex(name, f"detect[{i}]", d_, expand, FLAGS | re.MULTILINE)
                       for i, d_ in enumerate(data.get("detect", [])))
        if not detect:
            p.add(name, "detect", data.get("detect"), "at least one pattern that recognises this outlet")
        sources.append(SourceRule(
            id=sid, publisher=str(data.get("publisher", sid)), detect=detect,
            timezone=str(tz) if tz else None,
            skip=_skip_rules(data.get("skip", []), name, p, expand),
            wires=tuple(data.get("wires", [])), file=name,
        ))

    foreign_months: dict[str, int] = {}
    for language, names in _read(d / "months.toml", p).get("languages", {}).items():
        if not isinstance(names, list) or len(names) != 12:
            p.add("months.toml", f"languages.{language}", names, "twelve month names, January first")
            continue
        for k, spellings in enumerate(names, 1):
            for name in str(spellings).split("|"):
                foreign_months[name.strip().lower()] = k
    linking = _read(d / "linking.toml", p)
    required_linking = {
        "blocking": ["window_hours", "neighbours_k", "neighbours_min_cosine", "rare_window_hours", "max_window_df",
                     "quantity_window_hours", "max_quantity_df"],
        "comparisons": ["tfidf_cosine", "best_sentence", "headline_ratio", "time_gap_hours", "rare_entity_idf"],
        "model": ["link_probability", "summary_weight_margin", "post_weight_margin", "em_min_candidates",
                  "em_prior_pairs", "em_iterations", "u_sample_pairs", "u_prior_pairs", "cluster_min_probability"]}
    for section, keys in required_linking.items():
        for key in keys:
            if key not in linking.get(section, {}):
                p.add("linking.toml", f"{section}.{key}", None, "required")
    from .fsmodel import COMPARISONS, load_model
    for key, labels in (("tfidf_cosine", COMPARISONS["tfidf_cosine"]), ("best_sentence", COMPARISONS["best_sentence"]),
                        ("headline_ratio", COMPARISONS["headline_ratio"]),
                        ("time_gap_hours", COMPARISONS["time_gap"])):
        values = linking.get("comparisons", {}).get(key)
        extra = 3 if key == "time_gap_hours" else 1
        if isinstance(values, list) and (len(values) + extra != len(labels) or values != sorted(values, reverse=key != "time_gap_hours")):
            p.add("linking.toml", f"comparisons.{key}", values,
                  f"{len(labels) - extra} thresholds, ordered like the model's levels")
    model = None
    matches_per_unit = 1.0
    try:
        model = load_model(d / "model.toml")
        raw = tomllib.loads((d / "model.toml").read_text(encoding="utf-8"))
        matches_per_unit = float(raw.get("matches_per_unit", 1.0))
    except RulesError as exc:
        p.items.extend(exc.problems)

    rules = Rules(
        directory=d, months=months, month_abbreviations=abbrevs, weekdays=weekdays,
        date_line_fillers=frozenset(lang.get("date_line_fillers", [])),
        time_prepositions=frozenset(lang.get("time_prepositions", [])),
        stopwords=frozenset(str(lang.get("stopwords", "")).split()),
        abbreviations=frozenset(lang.get("abbreviations", [])),
        titles=frozenset(lang.get("titles", [])),
        time_formats=tuple(formats),
        relative_pattern=_expand(str(relative.get("pattern", r"(?!x)x")), expand),
        relative_units={k: int(v) for k, v in relative.get("units", {}).items()},
        impossible_time=p.regex("timeformats.toml", "impossible", fmts.get("impossible", r"(?!x)x"), expand),
        separators=str(fmts.get("separators", "")),
        stamp_prefix=str(fmts.get("prefix", "")),
        stamp_label=str(fmts.get("label", r"(?!x)x")),
        zones=zones, offset_pattern=str(offset_pattern), statements=statements,
        skip=_skip_rules(boiler.get("skip", []), "boilerplate.toml", p, expand),
        embed_attribution=p.regex("boilerplate.toml", "embeds.attribution", embeds.get("attribution", r"(?!x)x"), expand),
        embed_link=p.regex("boilerplate.toml", "embeds.link", embeds.get("link", r"(?!x)x"), expand),
        min_lead_words=int(page.get("min_lead_words", 15)),
        max_standfirst_words=int(page.get("max_standfirst_words", 30)),
        max_section_heading_words=int(page.get("max_section_heading_words", 12)),
        byline=p.regex("boilerplate.toml", "page.byline", page.get("byline", r"(?!x)x"), expand),
        capture=p.regex("boilerplate.toml", "page.capture", page.get("capture", r"(?!x)x"), expand),
        summary_heading=p.regex("boilerplate.toml", "page.summary_heading", page.get("summary_heading", r"(?!x)x"), expand),
        aliases=aliases, outcomes=tuple(outcomes),
        quantity_nouns=frozenset(lex.get("quantity_nouns", [])),
        speech_verbs=tuple(lex.get("speech_verbs", [])),
        wires=tuple(lex.get("wires", [])),
        thresholds=thresholds, sources=tuple(sources),
        linking=linking, model=model, model_matches_per_unit=matches_per_unit, foreign_months=foreign_months,
    )
    if p.items:
        raise RulesError(p.items)
    return rules
