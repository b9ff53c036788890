"""Reading statistics (User Story 2)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Iterable

from bookshelf.errors import ValidationError
from bookshelf.models import STATUSES, Book


@dataclass(frozen=True)
class ReadingStats:
    total: int
    by_status: dict[str, int]
    pages_read: int
    average_rating: float | None
    top_tags: list[tuple[str, int]]


def reading_stats(books: Iterable[Book], top: int = 3) -> ReadingStats:
    books = list(books)
    finished = [b for b in books if b.status == "finished"]
    ratings = [b.rating for b in finished if b.rating is not None]
    tags = Counter(tag for b in books for tag in b.tags)
    return ReadingStats(
        total=len(books),
        by_status={s: sum(b.status == s for b in books) for s in STATUSES},
        pages_read=sum(b.pages for b in finished),
        average_rating=round(sum(ratings) / len(ratings), 2) if ratings else None,
        # most common first, ties broken alphabetically
        top_tags=sorted(tags.items(), key=lambda kv: (-kv[1], kv[0]))[:top],
    )


def goal_progress(books: Iterable[Book], goal: int) -> float:
    """Share of a yearly reading goal met by finished books, capped at 1.0."""
    if goal < 1:
        raise ValidationError("goal must be at least 1 book")
    finished = sum(b.status == "finished" for b in books)
    return min(1.0, finished / goal)
