"""The Book entity and its validation rules."""

from __future__ import annotations

from dataclasses import asdict, dataclass, replace

from bookshelf.errors import ValidationError

STATUSES = ("to-read", "reading", "finished")


def normalize_isbn(value: str) -> str:
    """Strip spaces and hyphens; accept ISBN-10 (may end in X) or ISBN-13."""
    isbn = str(value).replace("-", "").replace(" ", "").upper()
    valid10 = len(isbn) == 10 and isbn[:9].isdigit() and (isbn[9].isdigit() or isbn[9] == "X")
    valid13 = len(isbn) == 13 and isbn.isdigit()
    if not (valid10 or valid13):
        raise ValidationError(f"invalid ISBN: {value!r}")
    return isbn


@dataclass(frozen=True)
class Book:
    isbn: str
    title: str
    author: str
    year: int | None = None
    pages: int = 0
    tags: tuple[str, ...] = ()
    status: str = "to-read"
    rating: int | None = None

    def __post_init__(self):
        set_ = object.__setattr__  # frozen dataclass: normalise in place once
        set_(self, "isbn", normalize_isbn(self.isbn))
        for name in ("title", "author"):
            text = str(getattr(self, name)).strip()
            if not text:
                raise ValidationError(f"{name} must not be empty")
            set_(self, name, text)
        if self.pages < 0:
            raise ValidationError("pages must not be negative")
        set_(self, "tags", tuple(sorted({t.strip().lower() for t in self.tags if t.strip()})))
        if self.status not in STATUSES:
            raise ValidationError(f"status must be one of {', '.join(STATUSES)}")
        if self.rating is not None:
            if self.status != "finished":
                raise ValidationError("only finished books can be rated")
            if not 1 <= self.rating <= 5:
                raise ValidationError("rating must be between 1 and 5")

    def with_status(self, status: str, rating: int | None = None) -> "Book":
        """A copy of this book with a new reading status (and optional rating)."""
        return replace(self, status=status, rating=rating)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["tags"] = list(self.tags)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Book":
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        known["tags"] = tuple(known.get("tags", ()))
        return cls(**known)
