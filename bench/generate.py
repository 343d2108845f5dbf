"""Write a realistic synthetic corpus of live-blog dumps with a known event for every post.

usage: python bench/generate.py OUT_DIR --entries N [--seed S] [--outlets 12]
                               [--start 2023-07-01] [--overwrite]

What it models (see bench/synth_vocab.py for the words):
- A Zipf-distributed CAST shared by all events: ~300 people, ~300 places, ~200 organisations,
  ~150 things (weapons, target buildings, topics, goods) and 16 acts with verb synonyms. An
  event is (act, actor, place, object, number, time); the top names recur in thousands of
  posts, so shared words alone do not identify an event.
- Each event is reported by 1-5 outlets (about 40% by one), each 0-3 h after the event,
  paraphrased: its own headline template, verb synonym, place/actor/number wording, 1-3 body
  sentences in its own order, sometimes the event's quote, sometimes an unrelated background
  sentence; about 4% of reports carry a different figure (a stale or rounded number).
- NEAR-MISS events that are different events: the same act by the same actor in another place
  at about the same time; the same act on the same place hours later ("another drone attack");
  successive updates of a running death toll (12 at 9am, 19 at 3pm).
- 12 outlets (more cycle the layouts), each with a fixed layout, clock and page order, written
  as one file per outlet per LOCAL day, `{outlet}_{YYYY-MM-DD}.txt`, 30-120 posts a day (fewer
  on the first and last local days, which the UTC span only partly covers):
    trtworld       `1557 GMT — Headline` inline                              UTC          newest first
    guardian       `3.57pm BST` own line (an author line may follow), a      London       newest first
                   "Key events" list repeating some headlines at the top
    france24       `3:57pm: Headline`, intro `All times are Paris time       Paris        newest first
                   (GMT+2).`, blank lines between paragraphs
    cnn            `3:57 p.m. ET, July 11, 2023` own line, `From CNN's ...`  New York     newest first
    aljazeera      `2h ago (15:57 GMT)` own line (age relative to capture)   UTC          newest first
    bbc            `Headlinepublished at 15:57 British Summer Time 11 July   London       newest first
                   2023` glued
    independent    `Headline` then `15:57 , Author`; intro `All times are    London       newest first
                   UK time.`
    hindustantimes `  • JUL 11, 2023 09:27 PM IST` own line                  Kolkata      newest first
    ukrinform      `11.07.2023 15:57 (Kyiv time)` own line                   Kyiv         oldest first
    ap             `3:57 p.m.` own line, no headlines, items split by        New York     oldest first
                   `___`, intro `(all times EDT)`
    republicworld  `15:57 IST, July 11th 2023` own line                      Kolkata      oldest first
    nbcnews        `3h ago / 3:57 PM UTC` own line                           UTC          newest first
  About 6% of posts carry an embedded social post or an advert line after the body. Every
  file opens with a page title line and a date line; every stamp prints its zone or the page
  states it once in an intro line, so a careful parser can get UTC for every post. Posts whose
  local wall time would be ambiguous (the repeated hour when clocks go back) are moved out of
  that hour, since the stamps of some layouts could not tell the two readings apart.
  Intro lines that print an offset ("Paris time (GMT+2)", "all times EDT") name the zone
  instead on the days the clocks change.
- truth.csv (`file,line,utc,event`: line = 1-based first line of the post, its stamp or its
  headline, whichever comes first); records.jsonl.gz (one JSON row per post: file, outlet,
  line, utc, headline, body, event; headline "" for layouts without headlines) for baselines
  that are handed entry boundaries and times; meta.json (parameters, outlet catalogue and
  corpus figures). The records are gzipped because `reconcile run` reads every *.jsonl in
  its folder as a dump; truth.csv and meta.json are not read as dumps.

Streaming: events are generated one UTC day at a time; a local day's file is written as soon
as no later event can add to it, so memory holds about two days of posts whatever N is.
Deterministic for a given seed and arguments.
"""
from __future__ import annotations

import argparse
import bisect
import gzip
import json
import queue
import random
import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime
from itertools import accumulate
from json.encoder import encode_basestring as enc  # type: ignore[attr-defined]
from pathlib import Path
from zoneinfo import ZoneInfo

import synth_vocab as V

MONTHS = ["", "January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve"]
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()
# Share of events by number of reporting outlets (1..5): about 40% single-outlet.
OUTLET_COUNT_WEIGHTS = [40, 25, 17, 11, 7]
# Events per UTC hour: news is quieter at night (UTC covers the Middle East/Europe daytime best).
HOUR_WEIGHTS = [1, 1, 1, 1.5, 2, 3, 4, 5, 5, 5, 5, 5, 5, 5, 5, 5, 5, 4.5, 4, 3.5, 3, 2.5, 2, 1.5]
MAX_DELAY = 180  # minutes between an event and a report of it
P_SIBLING, P_REPEAT, P_TOLL = 0.10, 0.08, 0.3  # near-miss rates (toll: per strike)
P_QUOTE, P_EXTRA, P_OTHER_FIGURE = 0.35, 0.4, 0.04


# ---------------------------------------------------------------- sampling helpers

class Zipf:
    """Draws items with probability proportional to 1 / rank**s (rank 1 = first item)."""

    def __init__(self, items: Sequence, s: float = 1.0) -> None:
        self.items = list(items)
        self.cum: list[float] = []
        total = 0.0
        for rank in range(1, len(self.items) + 1):
            total += 1.0 / rank ** s
            self.cum.append(total)
        self.total = total

    def draw(self, rng: random.Random):
        return self.items[bisect.bisect(self.cum, rng.random() * self.total)]


def weighted(rng: random.Random, cum: list[float]) -> int:
    return bisect.bisect(cum, rng.random() * cum[-1])


def cumulative(weights: Sequence[float]) -> list[float]:
    out, total = [], 0.0
    for w in weights:
        total += w
        out.append(total)
    return out


def cap(s: str) -> str:
    return s[:1].upper() + s[1:]


def article(noun: str) -> str:
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def modifier(noun: str) -> str:
    """'cruise missiles' -> 'cruise missile' (for 'cruise missile attack')."""
    return noun[:-1] if noun.endswith("s") and not noun.endswith("ss") else noun


# ---------------------------------------------------------------- the cast

@dataclass(frozen=True, slots=True)
class Person:
    full: str
    surname: str
    role: str
    country: int  # index into V.COUNTRIES


@dataclass(frozen=True, slots=True)
class Org:
    full: str
    short: str
    kind: str  # force | gov | civil | police | intl | legislature
    country: int  # index into V.COUNTRIES, -1 for international bodies


@dataclass(frozen=True, slots=True)
class Place:
    name: str
    descriptor: str  # "the capital", "the village of", ...
    theatre: str  # east | mideast | world
    country: int  # index into V.COUNTRIES, -1 when the cast does not say


@dataclass(frozen=True, slots=True)
class Thing:
    forms: tuple[str, ...]  # surface forms, one drawn per report


# An actor is ("person", Person) | ("org", Org) | ("country", index into V.COUNTRIES): the
# cast member, not its wording, so each report can word it its own way (say_actor).
Actor = tuple[str, object]


class Cast:
    """Everyone and everything events are made of, each list in Zipf rank order."""

    def __init__(self, rng: random.Random) -> None:
        def jitter_rank(items: list, spread: float) -> list:
            # Rank = list position moved by a random share of itself: order kept on the whole.
            keyed = [(i + rng.uniform(-spread, spread) * (i + 5), i) for i in range(len(items))]
            return [items[i] for _, i in sorted(keyed)]

        # Places: real towns rank first on the whole (the two war theatres ahead of the rest),
        # invented frontline villages fill the long tail.
        capitals = {capital for _c, _adj, capital in V.COUNTRIES}
        country_index = {c: i for i, (c, _adj, _capital) in enumerate(V.COUNTRIES)}
        scored_places = []
        for theatre, step in (("east", 1.0), ("mideast", 1.2), ("world", 2.5)):
            for i, n in enumerate(V.PLACES_BY_THEATRE[theatre]):
                desc = "the capital" if n in capitals else "the city of"
                where = country_index.get(V.PLACE_COUNTRY.get(n, ""), -1)
                scored_places.append((i * step + rng.uniform(0, 6), n, Place(n, desc, theatre, where)))
        real = [p for _, _, p in sorted(scored_places)]
        seen = {p.name for p in real}
        villages: list[Place] = []
        while len(real) + len(villages) < 300:
            name = pick(rng, V.PLACE_HEADS) + pick(rng, V.PLACE_TAILS)
            if rng.random() < 0.15:
                name = pick(rng, ["Velyka ", "Mala ", "Nova ", "Stara "]) + name
            if name not in seen:
                seen.add(name)
                villages.append(Place(name, "the village of", "east", country_index["Ukraine"]))
        self.places = real[:100] + jitter_rank(real[100:] + villages, 0.5)

        # Organisations: international bodies plus the top country bodies (~200 in all).
        scored = []
        for ci, _ in enumerate(V.COUNTRIES):
            for bi, (body, kind) in enumerate(V.BODIES):
                scored.append((ci * 1.3 + bi * 1.1 + rng.uniform(0, 8), ci, body, kind))
        scored.sort()
        country_orgs = []
        for _, ci, body, kind in scored[:164]:
            c, adj, _cap = V.COUNTRIES[ci]
            if body in ("national police", "security service", "border guard service"):
                kind = "police"
            if body == "parliament":
                kind = "legislature"
            country_orgs.append(Org(f"the {adj} {body}", f"{c}'s {body}", kind, ci))
        intl = [Org(full, short, "intl", -1) for full, short in V.INTERNATIONAL]
        intl[V.INTERNATIONAL.index(("the European Parliament", "MEPs"))] = Org(
            "the European Parliament", "MEPs", "legislature", -1)
        intl[V.INTERNATIONAL.index(("the UN General Assembly", "the General Assembly"))] = Org(
            "the UN General Assembly", "the General Assembly", "legislature", -1)
        merged = sorted([(i * 1.0, 0, o) for i, o in enumerate(country_orgs)]
                        + [(i * 4.0 + rng.uniform(0, 6), 1, o) for i, o in enumerate(intl)], key=lambda t: (t[0], t[1]))
        self.orgs = [o for _, _, o in merged]

        # People: invented names, each with a fixed country and role. Roles are unique ("Ukraine's
        # president" is one person) except indefinite ones; rank follows prominence (earlier
        # roles in V.ROLES, earlier countries) so presidents are quoted more than ombudsmen.
        scored_people: list[tuple[float, int, Person]] = []
        roles_used: set[str] = set()
        surnames_used: set[str] = set()
        country_z = Zipf(range(len(V.COUNTRIES)), 1.2)
        while len(scored_people) < 300:
            first, last = pick(rng, V.FIRST_NAMES), pick(rng, V.SURNAMES)
            if last in surnames_used:  # surnames repeat only once every one is taken
                continue
            ci = country_z.draw(rng)
            c, adj, _capital = V.COUNTRIES[ci]
            ri = int(rng.random() * len(V.ROLES))
            home = [p for p in self.places if p.country == ci and p.descriptor != "the village of"] or self.places[:100]
            orgs = [o for o in self.orgs if o.country == ci] or self.orgs
            role = V.ROLES[ri].format(C=c, J=adj, P=home[int(rng.random() ** 2 * len(home))].name,
                                      G=orgs[int(rng.random() ** 2 * len(orgs))].full)
            if role in roles_used and not role.startswith(("a ", "an ")):
                continue
            roles_used.add(role)
            surnames_used.add(last)
            if len(surnames_used) == len(V.SURNAMES):
                surnames_used.clear()
            person = Person(f"{first} {last}", last, role, ci)
            scored_people.append((ci * 1.0 + ri * 0.8 + rng.uniform(0, 6), len(scored_people), person))
        self.people = [p for _, _, p in sorted(scored_people)]

        self.things = {
            "weapon": [Thing(tuple(f)) for f in V.WEAPONS], "target": [Thing(tuple(f)) for f in V.TARGETS],
            "aerial": [Thing(tuple(f)) for f in V.WEAPONS if f[0] in V.AERIAL],
            "power": [Thing(tuple(f)) for f in V.TARGETS if f[0] in V.POWER],
            "topic": [Thing(tuple(f)) for f in V.TOPICS], "goods": [Thing(tuple(f)) for f in V.GOODS],
            "charge": [Thing((c,)) for c in V.CHARGES],
        }
        self.z_places = Zipf(self.places)
        self.z_places_in = {t: Zipf([p for p in self.places if p.theatre == t]) for t in V.PLACES_BY_THEATRE}
        self.z_war_places = Zipf([p for p in self.places if p.theatre != "world"])
        self.z_people = Zipf(self.people)
        self._people_in: dict[tuple[str, int], Zipf] = {}
        self.z_orgs = Zipf(self.orgs)
        self.z_things = {k: Zipf(v, 0.9) for k, v in self.things.items()}
        self.z_country = Zipf(range(len(V.COUNTRIES)), 1.1)
        by_kind: dict[str, list[Org]] = {}
        for o in self.orgs:
            by_kind.setdefault(o.kind, []).append(o)
        self.z_kind = {k: Zipf(v) for k, v in by_kind.items()}
        self.z_countries_in = {t: Zipf([i for i, (c, _a, _p) in enumerate(V.COUNTRIES)
                                        if V.THEATRE_OF_COUNTRY[c] == t], 1.1) for t in V.PLACES_BY_THEATRE}
        self._local: dict[tuple[str, str, int, str], Zipf | None] = {}
        self.z_donor = Zipf([o for o in self.orgs if o.kind == "intl" or o.kind == "gov"])

    def speaker(self, place: Place, local: bool, rng: random.Random) -> Person:
        """Who is quoted: for an act at a place, mostly someone of that country (or theatre)."""
        if not local or rng.random() < 0.25:
            return self.z_people.draw(rng)
        key = (place.theatre, place.country)
        z = self._people_in.get(key)
        if z is None:
            here = [p for p in self.people if p.country == place.country] if place.country >= 0 else []
            if len(here) < 3:
                here = [p for p in self.people
                        if V.THEATRE_OF_COUNTRY[V.COUNTRIES[p.country][0]] == place.theatre] or self.people
            z = self._people_in[key] = Zipf(here)
        return z.draw(rng)

    def local_actor(self, kind: str, place: Place, side: str, rng: random.Random) -> Actor:
        """The actor of an act at `place`: a body of the place's own country ("home") or of
        another country of its theatre ("foe"); any body of the theatre when the cast does not
        know the place's country."""
        key = (kind, place.theatre, place.country, side)
        if key not in self._local:
            def fits(o: Org) -> bool:
                if o.country < 0 or V.THEATRE_OF_COUNTRY[V.COUNTRIES[o.country][0]] != place.theatre:
                    return False
                if kind != "none" and o.kind != kind:
                    return False
                if place.country < 0:
                    return True
                return (o.country == place.country) == (side == "home")
            pool = [o for o in self.orgs if fits(o)]
            self._local[key] = Zipf(pool) if pool else None
        z = self._local[key]
        return ("org", z.draw(rng)) if z is not None else self.actor(kind, rng)

    def actor(self, kind: str, rng: random.Random) -> Actor:
        if kind == "person":
            return ("person", self.z_people.draw(rng))
        if kind == "country":
            return ("country", self.z_country.draw(rng))
        if kind == "donor":
            return ("country", self.z_country.draw(rng)) if rng.random() < 0.5 else ("org", self.z_donor.draw(rng))
        if kind == "none":
            return ("org", self.z_orgs.draw(rng))
        return ("org", self.z_kind[kind].draw(rng))

    def other(self, first: Actor, rng: random.Random) -> Actor:
        """A second party of the same sort, never the first one."""
        for _ in range(20):
            kind, x = first
            if kind == "person":
                cand: Actor = ("person", self.z_people.draw(rng))
            elif kind == "country":  # a counterpart in the same part of the world
                assert isinstance(x, int)
                theatre = V.THEATRE_OF_COUNTRY[V.COUNTRIES[x][0]]
                cand = ("country", self.z_countries_in[theatre].draw(rng))
            elif isinstance(x, Org) and x.kind == "force":
                foe: Org = self.z_kind["force"].draw(rng)
                if foe.country == x.country:
                    continue
                cand = ("org", foe)
            else:
                cand = ("org", self.z_orgs.draw(rng))
            if cand[1] is not x:
                return cand
        return ("org", self.orgs[0] if self.orgs[0] is not first[1] else self.orgs[1])


def say_actor(actor: Actor, rng: random.Random) -> str:
    kind, x = actor
    r = rng.random()
    if kind == "person":
        assert isinstance(x, Person)
        if r < 0.45:
            return x.full
        if r < 0.75:
            return x.surname
        return f"{x.role} {x.full}" if not x.role.startswith(("a ", "an ", "the ")) else x.full
    if kind == "country":
        assert isinstance(x, int)
        c, _adj, capital = V.COUNTRIES[x]
        return c if r < 0.7 else capital
    assert isinstance(x, Org)
    if x.country < 0:
        return x.full if r < 0.6 else x.short
    c, adj, capital = V.COUNTRIES[x.country]
    if x.kind == "force":  # singular wordings only, so verbs agree
        return x.full if r < 0.35 else c if r < 0.65 else capital if r < 0.8 else f"the {adj} military"
    return x.full if r < 0.6 else x.short


def say_place(p: Place, rng: random.Random) -> str:
    return p.name if rng.random() < 0.8 else f"{p.descriptor} {p.name}"


def say_number(n: int, kind: str, rng: random.Random) -> str:
    if kind == "money":
        r = rng.random()
        return f"${n}m" if r < 0.5 else f"${n} million" if r < 0.8 else f"{n} million dollars"
    if n <= 12 and rng.random() < 0.3:
        return NUMBER_WORDS[n]
    return f"{n:,}"


def round2(x: float) -> int:
    """Two significant digits, as officials round crowds and counts."""
    if x < 100:
        return max(1, int(x))
    mag = 10 ** (len(str(int(x))) - 2)
    return int(round(x / mag) * mag)


NUMBERS: dict[str, Callable[[random.Random], int]] = {
    "killed": lambda r: min(300, max(2, int(r.paretovariate(0.9) * 2) - 1)),
    "drones": lambda r: r.randint(3, 60),
    "people": lambda r: round2(10 ** r.uniform(1.8, 4.3)),
    "homes": lambda r: round2(10 ** r.uniform(3, 5.7)),
    "hours": lambda r: r.randint(2, 8),
    "money": lambda r: round2(10 ** r.uniform(0.7, 3.3)),
    "entities": lambda r: r.randint(5, 300),
    "crowd": lambda r: round2(10 ** r.uniform(2.3, 5)),
    "suspects": lambda r: r.randint(2, 40),
    "days": lambda r: r.randint(2, 30),
    "prisoners": lambda r: r.randint(10, 250),
    "km": lambda r: r.randint(1, 15),
    "injured": lambda r: r.randint(2, 80),
    "votes": lambda r: r.randint(220, 400),
}
N2_RULE = {"intercept": "more", "evacuation": "less", "swap": "less", "blast": "less"}


def other_figure(n: int, rng: random.Random) -> int:
    if n < 20:
        return max(1, n + pick(rng, [-2, -1, 1, 2]))
    return round2(n * pick(rng, [0.8, 0.9, 1.1, 1.2]))


# ---------------------------------------------------------------- events and reports

@dataclass(slots=True)
class Event:
    act: dict
    t: int  # UTC minutes since 1970
    actor: Actor
    actor2: Actor
    place: Place
    obj: Thing
    target: Thing
    n: int
    n2: int
    speaker: Person
    quote: str
    again: bool = False
    id: int = 0


_DAY_PHRASES: dict[int, list[list[str]]] = {}


def day_phrase(t: int, rng: random.Random) -> str:
    """How a report words the event's time ('on Tuesday', 'overnight'), from its UTC clock."""
    day = t // 1440
    options = _DAY_PHRASES.get(day)
    if options is None:
        wd = WEEKDAYS[day_date(day).weekday()]
        options = _DAY_PHRASES[day] = [
            ["overnight", f"early on {wd}", f"on {wd}"],
            [f"on {wd} morning", f"on {wd}", "this morning"],
            [f"on {wd} afternoon", f"on {wd}", "today"],
            [f"on {wd} evening", f"late on {wd}", f"on {wd}"]]
    h = (t % 1440) // 60
    return pick(rng, options[0 if h < 5 else 1 if h < 12 else 2 if h < 18 else 3])


def pick(rng: random.Random, seq: Sequence):
    """rng.choice without its overhead (this is the generator's innermost call)."""
    return seq[int(rng.random() * len(seq))]


class Slots(dict):
    """One report's template slots, each worded on first use: a template uses few of them,
    and every wording is a random draw, so unused ones are never made."""

    def __init__(self, ev: Event, rng: random.Random, figure: int) -> None:
        super().__init__()
        self.ev, self.rng, self.figure = ev, rng, figure
        verbs = ev.act["verbs"]
        self.verb = verbs[int(rng.random() * len(verbs))]

    def __missing__(self, key: str) -> str:
        v = self.MAKERS[key](self)
        self[key] = v
        return v

    def _object(self) -> str:
        forms = self.ev.obj.forms
        return forms[int(self.rng.random() * len(forms))]

    def _target(self) -> str:
        forms = self.ev.target.forms
        return forms[int(self.rng.random() * len(forms))]

    MAKERS: dict[str, Callable[[Slots], str]] = {
        "A": lambda s: say_actor(s.ev.actor, s.rng),
        "B": lambda s: say_actor(s.ev.actor2, s.rng),
        "P": lambda s: say_place(s.ev.place, s.rng),
        "P0": lambda s: s.ev.place.name,
        "O": _object,
        "Om": lambda s: modifier(s["O"]),
        "aO": lambda s: article(s["O"]),
        "T": _target,
        "aT": lambda s: article(s["T"]),
        "N": lambda s: say_number(s.figure, s.ev.act["num"], s.rng),
        "N2": lambda s: say_number(s.ev.n2, "count", s.rng),
        "M": lambda s: say_number(s.figure, "money", s.rng),
        "V": lambda s: s.verb[1] if s.ev.act.get("agree") == "plural" else s.verb[0],
        "Vd": lambda s: s.verb[2],
        "D": lambda s: day_phrase(s.ev.t, s.rng),
        "S": lambda s: s.ev.speaker.full if s.rng.random() < 0.7 else s.ev.speaker.surname,
        "R": lambda s: s.ev.speaker.role,
    }


class Writer:
    """Turns an event into one outlet's paraphrased report: (headline, body paragraphs)."""

    def __init__(self, cast: Cast) -> None:
        self.cast = cast

    def report(self, ev: Event, rng: random.Random, figure: int, lead: bool) -> tuple[str, list[str]]:
        """`lead`: the post has no headline, so its first sentence must say what happened."""
        act, speaker, r = ev.act, ev.speaker, rng.random
        vals = Slots(ev, rng, figure)
        heads = act["again"] if ev.again and act["again"] and r() < 0.6 else act["head"]
        h = heads[int(r() * len(heads))].format_map(vals)
        headline = h[0].upper() + h[1:]
        x = r()
        k = 1 if x < 0.3 else 2 if x < 0.75 else 3
        body_t = act["body"]
        # The first sentence is usually one of the two core statements, the rest in any order.
        picks = [int(r() * 2)] if lead or r() < 0.7 else []
        while len(picks) < k:
            i = int(r() * len(body_t))
            if i not in picks:
                picks.append(i)
        sentences = []
        for i in picks:
            s = body_t[i].format_map(vals)
            sentences.append(s[0].upper() + s[1:])
        if r() < P_QUOTE:
            q = ev.quote.format_map(vals)
            form = int(r() * 4)
            if form == 0:
                s = f'"{q}," {vals["S"]} said.'
            elif form == 1:
                s = f'{speaker.full} said: "{q}."'
            elif form == 2:
                s = f'"{q}," said {speaker.full}, {speaker.role}.'
            else:
                s = f'"{q}," {speaker.role} told reporters.'
            sentences.insert(1 + int(r() * len(sentences)), s)
        if r() < P_EXTRA:
            sentences.append(self.extra(ev.place.theatre, rng))
        if r() < 0.5:
            return headline, [" ".join(sentences)]
        return headline, sentences

    def extra(self, theatre: str, rng: random.Random) -> str:
        """A background sentence about something else (the cast's shared vocabulary), mostly
        from the same theatre as the post's event."""
        c = self.cast
        template = pick(rng, V.EXTRAS)
        places = c.z_places_in[theatre] if rng.random() < 0.7 else c.z_places
        vals: dict[str, str] = {}
        if "{S}" in template or "{R}" in template:
            p = c.z_people.draw(rng)
            vals["S"], vals["R"] = p.full, p.role
        if "{O}" in template:
            vals["O"] = c.z_things["topic"].draw(rng).forms[0]
        if "{A}" in template:
            vals["A"] = say_actor(c.local_actor("none", places.draw(rng), "home", rng), rng)
        if "{P}" in template:
            vals["P"] = places.draw(rng).name
        if "{P2}" in template:
            vals["P2"] = places.draw(rng).name
        if "{T}" in template or "{aT}" in template:
            target = pick(rng, c.z_things["target"].draw(rng).forms)
            vals["T"], vals["aT"] = target, article(target)
        return cap(template.format_map(vals))


class EventMaker:
    def __init__(self, cast: Cast) -> None:
        self.cast = cast
        self.acts = [a for a in V.ACTS if a["weight"] > 0]
        self.act_cum = cumulative([a["weight"] for a in self.acts])
        self.toll_act = next(a for a in V.ACTS if a["name"] == "toll")
        self._hour_cum: dict[tuple[int, int], list[float]] = {}

    def new(self, day_start: int, hours: tuple[int, int], rng: random.Random) -> Event:
        """A fresh event at a UTC hour in [hours[0], hours[1]) of the day."""
        c = self.cast
        act = self.acts[weighted(rng, self.act_cum)]
        cum = self._hour_cum.get(hours)
        if cum is None:
            cum = self._hour_cum[hours] = cumulative(
                [w if hours[0] <= h < hours[1] else 0.0 for h, w in enumerate(HOUR_WEIGHTS)])
        t = day_start + weighted(rng, cum) * 60 + rng.randrange(60)
        place = (c.z_war_places if act.get("war") else c.z_places).draw(rng)
        if act.get("local"):
            actor = c.local_actor(act["actor"], place, act["side"], rng)
            # The other party of an attack is the place's own side ("... denied losing control").
            actor2 = (c.local_actor(act["actor"], place, "home", rng) if act["side"] == "foe"
                      else c.other(actor, rng))
        else:
            actor = c.actor(act["actor"], rng)
            actor2 = (("org", c.z_kind["intl"].draw(rng)) if act["name"] == "aid"  # channelled through
                      else ("org", c.z_orgs.draw(rng)) if act["name"] == "sanctions"  # who is targeted
                      else c.other(actor, rng))
        n = NUMBERS[act["num"]](rng)
        return Event(act=act, t=t, actor=actor, actor2=actor2, place=place,
                     obj=c.z_things[act["obj"]].draw(rng), target=c.z_things["target"].draw(rng),
                     n=n, n2=self.n2(act["name"], n, rng), speaker=c.speaker(place, bool(act.get("local")), rng),
                     quote=pick(rng, act["quotes"]))

    @staticmethod
    def n2(act: str, n: int, rng: random.Random) -> int:
        rule = N2_RULE.get(act)
        if rule == "more":
            return n + rng.randint(1, max(2, n))
        if rule == "less":
            return max(1, rng.randint(1, max(1, n // 3)))
        return rng.randint(2, 60)

    @staticmethod
    def plausible(ev: Event, place: Place) -> bool:
        """Another place where the same actor could do the same thing (at home / abroad)."""
        if place is ev.place:
            return False
        side, x = ev.act.get("side"), ev.actor[1]
        if side and isinstance(x, Org) and x.country >= 0 and place.country >= 0:
            return (place.country == x.country) == (side == "home")
        return True

    def near_misses(self, ev: Event, window: tuple[int, int], rng: random.Random) -> list[Event]:
        """Different events that look like `ev`: another place, the same place later, toll
        updates. Those outside the UTC `window` [first, last minute] are left out."""
        c = self.cast
        out: list[Event] = []
        name = ev.act["name"]
        if rng.random() < P_SIBLING:  # same act by the same actor elsewhere, about the same time
            place = next((p for p in (c.z_places_in[ev.place.theatre].draw(rng) for _ in range(10))
                          if self.plausible(ev, p)), None)
            if place is not None:
                t = max(window[0], ev.t + rng.randint(-60, 90))
                n = NUMBERS[ev.act["num"]](rng)
                out.append(Event(ev.act, t, ev.actor, ev.actor2, place, ev.obj, c.z_things["target"].draw(rng), n,
                                 self.n2(name, n, rng), c.speaker(place, bool(ev.act.get("local")), rng),
                                 pick(rng, ev.act["quotes"])))
        if rng.random() < P_REPEAT and ev.act["again"]:  # same place, hours later
            n = NUMBERS[ev.act["num"]](rng)
            out.append(Event(ev.act, ev.t + rng.randint(120, 600), ev.actor, ev.actor2, ev.place, ev.obj,
                             c.z_things["target"].draw(rng), n, self.n2(name, n, rng), ev.speaker,
                             pick(rng, ev.act["quotes"]), again=True))
        if name == "strike" and rng.random() < P_TOLL:  # a running figure, updated as it grows
            t, n = ev.t, ev.n
            for _ in range(rng.randint(1, 3)):
                t += rng.randint(90, 360)
                n += rng.randint(2, 6 + n // 2)
                out.append(Event(self.toll_act, t, ev.actor, ev.actor2, ev.place, ev.obj, ev.target, n,
                                 rng.randint(5, 60), ev.speaker, pick(rng, self.toll_act["quotes"])))
        return [e for e in out if e.t <= window[1]]


# ---------------------------------------------------------------- clocks and layouts

class Clock:
    """UTC offset (minutes) of a zone at a UTC minute, cached per UTC hour (all transitions of
    the zones used fall on whole UTC hours)."""

    def __init__(self, zone: str) -> None:
        self.zone = ZoneInfo(zone)
        self.cache: dict[int, int] = {}
        self.near_change: dict[int, bool] = {}

    def offset(self, m: int) -> int:
        h = m // 60
        off = self.cache.get(h)
        if off is None:
            dt = datetime.fromtimestamp(h * 3600, tz=self.zone)
            off = int(dt.utcoffset().total_seconds() // 60)  # type: ignore[union-attr]
            self.cache[h] = off
        return off

    def ambiguous(self, m: int) -> bool:
        """Whether m is within an hour of a change of offset, where a local wall time may
        occur twice (or be skipped). Per UTC hour: changes fall on whole hours."""
        h = m // 60
        near = self.near_change.get(h)
        if near is None:
            off = self.offset(h * 60)
            near = self.near_change[h] = self.offset(h * 60 - 60) != off or self.offset(h * 60 + 60) != off
        return near

    def clear_of_change(self, m: int, not_before: int) -> int:
        """The last minute before the ambiguous stretch around m if that is not before
        `not_before`, else the first minute after it (the stretch is at most two hours, so a
        report stays within MAX_DELAY of its event)."""
        first = last = m // 60
        while self.ambiguous((first - 1) * 60):
            first -= 1
        while self.ambiguous((last + 1) * 60):
            last += 1
        return first * 60 - 1 if first * 60 - 1 >= not_before else (last + 1) * 60


_DATES: dict[int, date] = {}
_ISO: dict[int, str] = {}


def iso_day(day: int) -> str:
    s = _ISO.get(day)
    if s is None:
        s = _ISO[day] = day_date(day).isoformat()
    return s


def day_date(day: int) -> date:
    d = _DATES.get(day)
    if d is None:
        d = _DATES[day] = date.fromordinal(EPOCH_ORDINAL + day)
    return d


@dataclass(slots=True)
class Post:
    utc: int
    seq: int
    event: int
    headline: str
    paras: list[str]
    author: str
    furniture: list[str]  # embeds / boilerplate lines after the body (not part of the record)


@dataclass(slots=True)
class Stamp:
    """A post's local wall clock."""
    d: date
    h: int
    mi: int
    off: int  # minutes east of UTC
    utc: int

    @property
    def h12(self) -> int:
        return self.h % 12 or 12

    @property
    def ampm(self) -> str:
        return "am" if self.h < 12 else "pm"


def rel_ago(minutes: int) -> str:
    if minutes < 60:
        return f"{max(1, minutes)}m ago"
    if minutes < 1440:
        return f"{minutes // 60}h ago"
    return f"{minutes // 1440}d ago"


def london(off: int, long: bool = False) -> str:
    if long:
        return "British Summer Time" if off == 60 else "Greenwich Mean Time"
    return "BST" if off == 60 else "GMT"


def eastern(off: int) -> str:
    return "EDT" if off == -240 else "EST"


def ordinal(n: int) -> str:
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


# Each layout writes one post's lines from its stamp; `crawl` is the page's capture minute (UTC)
# for layouts that also print a relative age. Headline-first layouts put the headline first.
Layout = Callable[[Post, Stamp, int], list[str]]


def lay_trt(p: Post, s: Stamp, crawl: int) -> list[str]:
    return [f"{s.h:02d}{s.mi:02d} GMT — {p.headline}", *p.paras]


def lay_guardian(p: Post, s: Stamp, crawl: int) -> list[str]:
    lines = [f"{s.h12}.{s.mi:02d}{s.ampm} {london(s.off)}"]
    if p.author:
        lines.append(p.author)
    return lines + [p.headline, *p.paras]


def lay_france24(p: Post, s: Stamp, crawl: int) -> list[str]:
    lines = [f"{s.h12}:{s.mi:02d}{s.ampm}: {p.headline}"]
    for para in p.paras:  # this outlet leaves a blank line between paragraphs
        lines += ["", para]
    return lines


def lay_cnn(p: Post, s: Stamp, crawl: int) -> list[str]:
    stamp = f"{s.h12}:{s.mi:02d} {'a.m.' if s.h < 12 else 'p.m.'} ET, {MONTHS[s.d.month]} {s.d.day}, {s.d.year}"
    lines = [stamp, p.headline]
    if p.author:
        lines.append(f"From CNN's {p.author}")
    return lines + p.paras


def lay_aljazeera(p: Post, s: Stamp, crawl: int) -> list[str]:
    return [f"{rel_ago(crawl - s.utc)} ({s.h:02d}:{s.mi:02d} GMT)", p.headline, *p.paras]


def lay_bbc(p: Post, s: Stamp, crawl: int) -> list[str]:
    return [f"{p.headline}published at {s.h:02d}:{s.mi:02d} {london(s.off, True)} {s.d.day} "
            f"{MONTHS[s.d.month]} {s.d.year}", *p.paras]


def lay_independent(p: Post, s: Stamp, crawl: int) -> list[str]:
    return [p.headline, f"{s.h:02d}:{s.mi:02d} , {p.author}", *p.paras]


def lay_hindustan(p: Post, s: Stamp, crawl: int) -> list[str]:
    stamp = (f"  • {MONTHS[s.d.month][:3].upper()} {s.d.day:02d}, {s.d.year} {s.h12:02d}:{s.mi:02d} "
             f"{s.ampm.upper()} IST")
    return [stamp, p.headline, *p.paras]


def lay_ukrinform(p: Post, s: Stamp, crawl: int) -> list[str]:
    return [f"{s.d.day:02d}.{s.d.month:02d}.{s.d.year} {s.h:02d}:{s.mi:02d} (Kyiv time)", p.headline, *p.paras]


def lay_ap(p: Post, s: Stamp, crawl: int) -> list[str]:
    return [f"{s.h12}:{s.mi:02d} {'a.m.' if s.h < 12 else 'p.m.'}", *p.paras]  # AP items have no headline


def lay_republic(p: Post, s: Stamp, crawl: int) -> list[str]:
    return [f"{s.h:02d}:{s.mi:02d} IST, {MONTHS[s.d.month]} {ordinal(s.d.day)} {s.d.year}", p.headline, *p.paras]


def lay_nbc(p: Post, s: Stamp, crawl: int) -> list[str]:
    return [f"{rel_ago(crawl - s.utc)} / {s.h12}:{s.mi:02d} {s.ampm.upper()} UTC", p.headline, *p.paras]


def date_uk(d: date) -> str:
    return f"{WEEKDAYS[d.weekday()]} {d.day} {MONTHS[d.month]} {d.year}"


def date_us(d: date) -> str:
    return f"{WEEKDAYS[d.weekday()]}, {MONTHS[d.month]} {d.day}, {d.year}"


def date_in(d: date) -> str:
    return f"{WEEKDAYS[d.weekday()]}, {d.day} {MONTHS[d.month]} {d.year}"


@dataclass(frozen=True)
class Outlet:
    id: str
    publisher: str
    zone: str
    layout: Layout
    date_line: Callable[[date], str]
    newest_first: bool
    rate: int  # mean posts per day
    title: str
    # Page intro stating the clock, from the offsets in force at the day's start and end (they
    # differ on the days clocks change, when an intro names the zone rather than one offset).
    intro: Callable[[int, int], str] | None = None
    headline: bool = True  # False: posts have no headline (the lead paragraph opens the post)
    author: float = 0.0  # share of posts with an author line (layouts that print one)
    relative: bool = False  # stamps also print an age relative to the capture
    key_events: bool = False  # page opens with a list repeating some headlines below


CATALOGUE: list[Outlet] = [
    Outlet("trtworld", "TRT World", "UTC", lay_trt, date_uk, True, 70, "Live blog: the crisis, day by day"),
    Outlet("guardian", "The Guardian", "Europe/London", lay_guardian, date_uk, True, 95,
           "World news live: the latest updates", author=0.15, key_events=True),
    Outlet("france24", "FRANCE 24", "Europe/Paris", lay_france24, date_uk, True, 60, "LIVE: the crisis hour by hour",
           intro=lambda a, b: "Read our liveblog for all the latest developments. All times are Paris time"
                              + (f" (GMT+{a // 60})." if a == b else ".")),
    Outlet("cnn", "CNN", "America/New_York", lay_cnn, date_us, True, 85, "Live updates: the crisis", author=0.6),
    Outlet("aljazeera", "Al Jazeera", "UTC", lay_aljazeera, date_uk, True, 80, "LIVE: the latest news",
           relative=True),
    Outlet("bbc", "BBC News", "Europe/London", lay_bbc, date_uk, True, 90, "Live: follow the latest"),
    Outlet("independent", "The Independent", "Europe/London", lay_independent, date_uk, True, 55,
           "Live: latest news and updates", intro=lambda a, b: "Follow the latest updates below. "
                                                            "All times are UK time.", author=1.0),
    Outlet("hindustantimes", "Hindustan Times", "Asia/Kolkata", lay_hindustan, date_in, True, 50,
           "World news live updates"),
    Outlet("ukrinform", "Ukrinform", "Europe/Kyiv", lay_ukrinform, date_in, False, 65, "Chronicle of the day"),
    Outlet("ap", "Associated Press", "America/New_York", lay_ap, date_us, False, 55, "The Latest: the crisis",
           intro=lambda a, b: f"The latest on the crisis (all times {eastern(a) if a == b else 'ET'}):",
           headline=False),
    Outlet("republicworld", "Republic World", "Asia/Kolkata", lay_republic, date_in, False, 45,
           "Live updates: the world today"),
    Outlet("nbcnews", "NBC News", "UTC", lay_nbc, date_us, True, 60, "Live updates", relative=True),
]


def outlets_for(n: int) -> list[Outlet]:
    """The first n of the catalogue; beyond 12 the layouts repeat under numbered ids."""
    out = []
    for i in range(n):
        base = CATALOGUE[i % len(CATALOGUE)]
        k = i // len(CATALOGUE)
        if k == 0:
            out.append(base)
        else:
            out.append(replace(base, id=f"{base.id}{k + 1}", publisher=f"{base.publisher} {k + 1}"))
    return out


# ---------------------------------------------------------------- the corpus writer

class Output(threading.Thread):
    """Writes the pages, truth rows and gzipped records on a second thread: file writes and
    zlib release the GIL, so this overlaps with generating the next day. One consumer, so
    the bytes come out in the order they were queued."""

    def __init__(self, out: Path) -> None:
        super().__init__(name="corpus-writer", daemon=True)
        self.out = out
        self.queue: queue.Queue[tuple[str, str, str, str] | None] = queue.Queue(maxsize=64)
        self.error: BaseException | None = None
        self.truth = (out / "truth.csv").open("wb")
        self.truth.write(b"file,line,utc,event\n")
        # Gzipped so that `reconcile run OUT_DIR`, which reads every *.jsonl in the folder as a
        # dump, does not take the records for an outlet; mtime=0 keeps the bytes reproducible.
        self.records_raw = (out / "records.jsonl.gz").open("wb")
        self.records = gzip.GzipFile(filename="", mode="wb", compresslevel=1, mtime=0, fileobj=self.records_raw)

    def page(self, name: str, text: str, truth: str, records: str) -> None:
        if self.error is not None:
            raise RuntimeError("the corpus writer failed") from self.error
        self.queue.put((name, text, truth, records))

    def run(self) -> None:
        try:
            while (item := self.queue.get()) is not None:
                name, text, truth, records = item
                (self.out / name).write_bytes(text.encode("utf-8"))
                self.truth.write(truth.encode("utf-8"))
                self.records.write(records.encode("utf-8"))
        except BaseException as exc:  # reported by page() / close(); keep draining so put() never blocks
            self.error = exc
            while self.queue.get() is not None:
                pass

    def close(self) -> None:
        self.queue.put(None)
        self.join()
        self.records.close()
        self.records_raw.close()
        self.truth.close()
        if self.error is not None:
            raise RuntimeError("the corpus writer failed") from self.error


class Corpus:
    def __init__(self, out: Path, outlets: list[Outlet], rng: random.Random, start_utc: int) -> None:
        self.out = out
        self.outlets = outlets
        self.rng = rng
        self.clocks = [Clock(o.zone) for o in outlets]
        # Lowest offset each zone reaches: a local day can be written once every later post's
        # local time is past it (see flush).
        self.min_off = [min(c.offset(m) for m in range(start_utc, start_utc + 366 * 1440, 720))
                        for c in self.clocks]
        self.written: set[tuple[int, int]] = set()
        self.buffers: list[dict[int, list[Post]]] = [{} for _ in outlets]
        self.output = Output(out)
        self.output.start()
        self.files = 0
        self.per_file: list[int] = []

    def add(self, oi: int, post: Post) -> None:
        day = (post.utc + self.clocks[oi].offset(post.utc)) // 1440
        if (oi, day) in self.written:  # would overwrite a page: the flush rule was broken
            raise RuntimeError(f"post for {self.outlets[oi].id} day {day_date(day)} after its page was written")
        self.buffers[oi].setdefault(day, []).append(post)

    def flush(self, before_utc: int | None) -> None:
        """Write every buffered local day that no post at or after `before_utc` can reach."""
        for oi, buf in enumerate(self.buffers):
            limit = None if before_utc is None else before_utc + self.min_off[oi]
            for day in sorted(buf):
                if limit is None or (day + 1) * 1440 <= limit:
                    self.write_page(oi, day, buf.pop(day))

    def write_page(self, oi: int, day: int, posts: list[Post]) -> None:
        o, clock, rng = self.outlets[oi], self.clocks[oi], self.rng
        self.written.add((oi, day))
        d = day_date(day)
        posts.sort(key=lambda p: (p.utc, p.seq), reverse=o.newest_first)
        name = f"{o.id}_{d.isoformat()}.txt"
        lines = [f"{o.publisher} | {o.title}", o.date_line(d)]
        if o.intro:
            start = day * 1440 - clock.offset(day * 1440)  # local midnight in UTC, near enough
            lines.append(o.intro(clock.offset(start), clock.offset(start + 1439)))
        lines.append("")
        if o.key_events and len(posts) > 4:
            lines.append("Key events")
            lines += [p.headline for p in rng.sample(posts, rng.randint(2, 4))]
            lines.append("")
        crawl = max(p.utc for p in posts) + rng.randint(5, 600)
        rows: list[str] = []
        truth: list[str] = []
        outlet_json = enc(o.id)
        for i, p in enumerate(posts):
            if i and not o.headline:
                lines.append("___")
            off = clock.offset(p.utc)
            lm = p.utc + off
            stamp = Stamp(day_date(lm // 1440), (lm % 1440) // 60, lm % 60, off, p.utc)
            first = len(lines) + 1
            lines += o.layout(p, stamp, crawl)
            lines += p.furniture
            if o.headline:
                lines.append("")
            utc = f"{iso_day(p.utc // 1440)}T{(p.utc % 1440) // 60:02d}:{p.utc % 60:02d}:00Z"
            truth.append(f"{name},{first},{utc},{p.event}\n")  # names hold no comma or quote
            # json.dumps of the same dict, built by hand: this runs once per post.
            rows.append(f'{{"file": "{name}", "outlet": {outlet_json}, "line": {first}, "utc": "{utc}", '
                        f'"headline": {enc(p.headline if o.headline else "")}, '
                        f'"body": {enc(" ".join(p.paras))}, "event": {p.event}}}\n')
        self.output.page(name, "\n".join(lines).rstrip("\n") + "\n", "".join(truth), "".join(rows))
        self.files += 1
        self.per_file.append(len(posts))

    def close(self) -> None:
        self.flush(None)
        self.output.close()


def furniture(t: int, rng: random.Random) -> list[str]:
    """Occasional lines that sit inside a post but are not its text: embeds, adverts."""
    r = rng.random()
    if r < 0.025:
        p_date = day_date(t // 1440)
        who = pick(rng, V.JOURNALISTS)
        handle = who.replace(" ", "")
        return [f"{who} has more from the scene pic.twitter.com/{rng.getrandbits(40):010x}",
                f"— {who} (@{handle}) {MONTHS[p_date.month]} {p_date.day}, {p_date.year}"]
    if r < 0.06:
        return [pick(rng, V.BOILERPLATE)]
    return []


def plan_days(outlets: list[Outlet], entries: int, rng: random.Random) -> list[list[int]]:
    """Posts each outlet publishes on each UTC day: around its usual rate, a little inside
    30-120 because a local day takes in parts of two UTC days; the days' total is then trimmed
    to exactly `entries`, evenly over all days, so the last day is not a stub."""
    plan: list[list[int]] = []
    total = 0
    while total < entries:
        room = [min(115, max(32, round(o.rate * rng.uniform(0.75, 1.25)))) for o in outlets]
        plan.append(room)
        total += sum(room)
    for k in range(total - entries):  # one post off each day in turn, from an outlet drawn by room
        room = plan[k % len(plan)]
        room[weighted(rng, cumulative(room))] -= 1
    return plan


def generate(out: Path, entries: int, seed: int, n_outlets: int, start: date) -> dict:
    rng = random.Random(seed)
    cast = Cast(rng)
    maker = EventMaker(cast)
    writer = Writer(cast)
    outlets = outlets_for(n_outlets)
    day = start.toordinal() - EPOCH_ORDINAL
    corpus = Corpus(out, outlets, rng, day * 1440)
    count_cum = cumulative(OUTLET_COUNT_WEIGHTS)
    plan = plan_days(outlets, entries, rng)
    total = seq = next_event = days = 0
    sizes: Counter[int] = Counter()
    people: Counter[str] = Counter()  # posts per actor / place (their event's reports)
    places: Counter[str] = Counter()
    for i, room in enumerate(plan):
        day_start = day * 1440
        # The corpus starts and ends on whole local days: no event before 05:00 UTC on the first
        # day (New York's midnight), none after 15:00 UTC on the last, whose reports then end
        # before 18:30 UTC (Kolkata's midnight). A page with a handful of posts, the first or
        # last of a blog, would otherwise sit at each end.
        hours = (5 if i == 0 else 0, 15 if i == len(plan) - 1 else 24)
        window = (day_start + hours[0] * 60, day_start + hours[1] * 60 - 1 if hours[1] < 24 else 1 << 40)
        pending: list[Event] = []
        while total < entries and any(room):
            ev = pending.pop() if pending else maker.new(day_start, hours, rng)
            if not ev.again and ev.act["name"] != "toll":
                pending += maker.near_misses(ev, window, rng)
            want = min(weighted(rng, count_cum) + 1, entries - total)
            # Outlets drawn without replacement, weighted by the room they have left today, so
            # every outlet fills its day at about the same pace.
            chosen: list[int] = []
            left = room[:]
            while len(chosen) < want:
                cum = list(accumulate(left))
                if not cum[-1]:
                    break
                i = bisect.bisect(cum, rng.random() * cum[-1])  # never an outlet with no room
                chosen.append(i)
                left[i] = 0
            if not chosen:
                break
            next_event += 1
            ev.id = next_event
            sizes[len(chosen)] += 1
            places[ev.place.name] += len(chosen)
            if isinstance(ev.actor[1], Person):
                people[ev.actor[1].surname] += len(chosen)
            for oi in chosen:
                room[oi] -= 1
                o, clock = outlets[oi], corpus.clocks[oi]
                t = ev.t + min(MAX_DELAY, int(rng.expovariate(1 / 40)))
                if clock.ambiguous(t):
                    t = clock.clear_of_change(t, ev.t)
                figure = other_figure(ev.n, rng) if len(chosen) > 1 and rng.random() < P_OTHER_FIGURE else ev.n
                headline, paras = writer.report(ev, rng, figure, not o.headline)
                author = pick(rng, V.JOURNALISTS) if rng.random() < o.author else ""
                seq += 1
                corpus.add(oi, Post(t, seq, ev.id, headline, paras, author, furniture(t, rng)))
                total += 1
        days += 1
        day += 1
        corpus.flush(day * 1440)  # later events are all at or after the next UTC midnight
    corpus.close()
    n_events = sum(sizes.values())
    per_file = sorted(corpus.per_file)
    meta = {
        "generator": "bench/generate.py", "seed": seed, "entries": total, "events": n_events, "utc_days": days,
        "start": start.isoformat(), "files": corpus.files,
        "posts_per_file": {"min": per_file[0], "median": per_file[len(per_file) // 2], "max": per_file[-1]},
        "events_by_outlet_count": {str(k): sizes[k] for k in sorted(sizes)},
        "single_outlet_share": round(sizes[1] / n_events, 3) if n_events else 0.0,
        "top_actors_people_posts": people.most_common(5), "top_places_posts": places.most_common(5),
        "outlets": [{"id": o.id, "publisher": o.publisher, "zone": o.zone, "layout": o.layout.__name__[4:],
                     "order": "newest first" if o.newest_first else "oldest first"} for o in outlets],
    }
    (out / "meta.json").write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    return meta


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("out", type=Path)
    ap.add_argument("--entries", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--outlets", type=int, default=12)
    ap.add_argument("--start", type=date.fromisoformat, default=date(2023, 7, 1), help="first UTC day")
    ap.add_argument("--overwrite", action="store_true", help="remove a previous corpus in OUT_DIR first")
    a = ap.parse_args(argv)
    if a.entries < 1 or not 1 <= a.outlets <= 48:
        ap.error("--entries must be positive and --outlets between 1 and 48")
    a.out.mkdir(parents=True, exist_ok=True)
    old = sorted(a.out.glob("*_????-??-??.txt"))
    if old:
        if not a.overwrite:
            ap.error(f"{a.out} already holds {len(old)} dumps; pass --overwrite to replace them")
        for f in old:
            f.unlink()
    t0 = time.perf_counter()
    meta = generate(a.out, a.entries, a.seed, a.outlets, a.start)
    secs = time.perf_counter() - t0
    print(f"{meta['entries']} entries, {meta['events']} events ({meta['single_outlet_share']:.0%} single-outlet), "
          f"{len(meta['outlets'])} outlets, {meta['utc_days']} days, {meta['files']} files "
          f"({meta['posts_per_file']['min']}-{meta['posts_per_file']['max']} posts, median "
          f"{meta['posts_per_file']['median']}), {secs:.1f} s -> {a.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
