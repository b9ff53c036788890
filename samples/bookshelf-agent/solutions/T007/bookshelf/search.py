"""Finding books on the shelf (User Story 1)."""

from __future__ import annotations

from typing import Iterable

from bookshelf.errors import ValidationError
from bookshelf.models import STATUSES, Book


def search(books: Iterable[Book], query: str = "", *, tag: str | None = None,
           status: str | None = None) -> list[Book]:
    """Books whose title or author contains every word of query, sorted by title.

    tag and status narrow the result further; matching ignores case.
    """
    if status is not None and status not in STATUSES:
        raise ValidationError(f"status must be one of {', '.join(STATUSES)}")
    words = query.lower().split()
    tag = tag.strip().lower() if tag else None

    def matches(book: Book) -> bool:
        haystack = f"{book.title} {book.author}".lower()
        return (all(word in haystack for word in words)
                and (tag is None or tag in book.tags)
                and (status is None or book.status == status))

    return sorted((b for b in books if matches(b)), key=lambda b: b.title.lower())
