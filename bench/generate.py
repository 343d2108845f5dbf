"""Write a folder of realistic synthetic live-blog dumps with a known share of same-event entries.

usage: python bench/generate.py OUT_DIR --sources 10 --entries 10000 [--same 0.3] [--seed 1]

Each source is one multi-day page, newest first, with day separators, its own stamp
format and clock, boilerplate lines and the occasional embedded post. A share `--same`
of entries report an event that another source also reports (paraphrased, posted
within a few hours); the rest are single-source. A `truth.json` beside the dumps lists
which entries report which event.
"""
from __future__ import annotations

import argparse
import json
import random
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

STYLES = [  # (stamp writer, printed zone or None, page statement or None, IANA zone)
    (lambda t: f"{t:%H%M} GMT —", "UTC", None),
    (lambda t: f"{t.hour % 12 or 12}:{t:%M}{'am' if t.hour < 12 else 'pm'}:", "Europe/Paris", "All times are Paris time."),
    (lambda t: f"{t:%H:%M} Kyiv time:", "Europe/Kyiv", None),
    (lambda t: f"{t:%H.%M} -", "Europe/London", "All times are UK time."),
    (lambda t: f"{t.hour % 12 or 12}:{t:%M} {'a.m.' if t.hour < 12 else 'p.m.'} ET", "America/New_York", None),
]
COMMON = ("officials said the situation remained tense as talks continued and leaders met again "
          "while forces moved across the region and the ministry issued a statement on the latest "
          "developments according to reports from the capital and other cities").split()
BOILER = ["Advertising Read more", "Daily newsletter Receive essential news every morning Subscribe",
          "Read more analysis on the crisis"]


def syllables(rng: random.Random, n: int) -> str:
    parts = ["ka", "lo", "mi", "ran", "tu", "vel", "sor", "ni", "bar", "zen", "qu", "dor", "fi", "lek"]
    return "".join(rng.choice(parts) for _ in range(n)).capitalize()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--sources", type=int, default=10)
    ap.add_argument("--entries", type=int, default=10_000)
    ap.add_argument("--same", type=float, default=0.3)
    ap.add_argument("--per-day", type=int, default=60, help="entries per source per day")
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    per_source = a.entries // a.sources
    days = max(1, per_source // a.per_day)
    start = datetime(2023, 7, 1, tzinfo=UTC)
    names = [syllables(rng, 3) for _ in range(5000)]
    places = [syllables(rng, 2) for _ in range(1500)]
    # News vocabulary is wide: unrelated posts share few content words.
    vocabulary = COMMON + [syllables(rng, 2).lower() + rng.choice(["ed", "s", "ing", "al", "ment"]) for _ in range(600)]

    posts: dict[int, list[tuple[datetime, str, str, int]]] = {s: [] for s in range(a.sources)}
    event = 0
    total = 0
    while total < per_source * a.sources:
        event += 1
        when = start + timedelta(minutes=rng.randrange(days * 1440))
        who, where = rng.choice(names), rng.choice(places)
        # Words only this event's reports use (what a real story's names and details are).
        topic = [f"{rng.choice(names).lower()}{suffix}{event}" for suffix in ("ite", "ovo", "ane")]
        n_src = rng.randint(2, min(4, a.sources)) if rng.random() < a.same else 1
        for s in rng.sample(range(a.sources), n_src):
            t = when + timedelta(minutes=rng.randint(0, 240))
            words = topic + [who, where] + rng.sample(vocabulary, 12)
            rng.shuffle(words)
            headline = f"{who} says {topic[0]} {rng.choice(['talks', 'strike', 'aid', 'deal'])} in {where}"
            body = " ".join(words).capitalize() + ". " + " ".join(rng.sample(vocabulary, 10)).capitalize() + "."
            posts[s].append((t, headline, body, event))
            total += 1
    truth: dict[str, list[list]] = {}
    for s, items in posts.items():
        fmt, zone_name, statement = STYLES[s % len(STYLES)]
        zone = ZoneInfo(zone_name)
        items.sort(reverse=True)
        lines = [f"Live blog {s}: the crisis, day by day", f"Source {syllables(rng, 2)} News live coverage"]
        if statement:
            lines.append(statement)
        current_day = None
        for t, headline, body, ev in items:
            local = t.astimezone(zone)
            if local.date() != current_day:
                current_day = local.date()
                lines.append(f"{local:%A} {local.day} {local:%B %Y}")
            lines.append(f"{fmt(local)} {headline}")
            lines.append(body)
            if rng.random() < 0.05:
                lines.append(rng.choice(BOILER))
            if rng.random() < 0.03:
                lines.append(f"{syllables(rng, 4)} posted this pic.twitter.com/{syllables(rng, 3)}")
            truth.setdefault(f"source{s:02d}.txt", []).append([t.strftime("%Y-%m-%dT%H:%M:%SZ"), headline, ev])
        (out / f"source{s:02d}.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (out / "truth.json").write_text(json.dumps(truth), encoding="utf-8")
    print(f"{total} entries, {event} events, {a.sources} sources, {days} days -> {out}")


if __name__ == "__main__":
    main()
