from __future__ import annotations

from datetime import UTC, date, datetime

from reconcile.model import Entry


def entry(id: str, source: str, text: str, when: str | None = None, kind: str = "post",
          headline: str = "", day: str | None = None) -> Entry:
    t = datetime.fromisoformat(when).replace(tzinfo=UTC) if when else None
    d = date.fromisoformat(day) if day else (t.date() if t else None)
    return Entry(id=id, source=source, file=f"{source}.txt", headline=headline, body=text, embeds=(),
                 printed_time=when[11:16] if when else None, time=t, date=d, kind=kind, line_numbers=(1,))
