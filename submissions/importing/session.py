"""The checked rows wait in the session between the preview and the confirmation."""

import datetime as dt
import secrets

from django.utils import timezone

from submissions.importing.columns import KEPT_IMPORTS, SESSION_KEY
from submissions.importing.rows import Duplicate, ParsedRow
from submissions.models import Report


def _to_session(row: ParsedRow) -> dict:
    data = {**row.data, "published_on": row.data["published_on"].isoformat()}
    return {
        "row": row.row,
        "data": data,
        "authors": row.authors,
        "author_labels": row.author_labels,
        "duplicates": [vars(d) for d in row.duplicates],
    }


def _from_session(stored: dict) -> ParsedRow:
    data = {**stored["data"]}
    data["published_on"] = dt.date.fromisoformat(data["published_on"])
    return ParsedRow(
        row=stored["row"],
        data=data,
        authors=list(stored["authors"]),
        author_labels=list(stored["author_labels"]),
        duplicates=[Duplicate(**d) for d in stored["duplicates"]],
    )


def stash(session, report: Report, rows: list[ParsedRow], file_name: str) -> str:
    """Keep the checked rows for the confirmation step; returns the token naming them.
    A new upload for the same report replaces the previous one."""
    imports = {
        token: entry
        for token, entry in session.get(SESSION_KEY, {}).items()
        if entry["report"] != report.pk
    }
    # Only the latest few imports are kept, so the session stays small.
    excess = len(imports) - (KEPT_IMPORTS - 1)
    for token in sorted(imports, key=lambda t: imports[t]["at"])[: max(excess, 0)]:
        del imports[token]
    token = secrets.token_urlsafe(16)
    imports[token] = {
        "report": report.pk,
        "file": file_name,
        "at": timezone.now().isoformat(),
        "rows": [_to_session(row) for row in rows],
    }
    session[SESSION_KEY] = imports
    return token


def stashed(session, report: Report, token: str) -> tuple[str, list[ParsedRow]] | None:
    entry = session.get(SESSION_KEY, {}).get(token)
    if entry is None or entry["report"] != report.pk:
        return None
    return entry["file"], [_from_session(row) for row in entry["rows"]]


def discard(session, token: str) -> None:
    imports = session.get(SESSION_KEY, {})
    if imports.pop(token, None) is not None:
        session[SESSION_KEY] = imports
