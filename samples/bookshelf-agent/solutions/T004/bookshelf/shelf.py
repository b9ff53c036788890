"""An in-memory collection of books keyed by ISBN."""

from __future__ import annotations

from typing import Iterable, Iterator

from bookshelf.errors import BookNotFoundError, DuplicateBookError
from bookshelf.models import Book, normalize_isbn


class Shelf:
    def __init__(self, books: Iterable[Book] = ()):
        self._books: dict[str, Book] = {}
        for book in books:
            self.add(book)

    def add(self, book: Book) -> Book:
        if book.isbn in self._books:
            raise DuplicateBookError(f"{book.isbn} is already on the shelf")
        self._books[book.isbn] = book
        return book

    def get(self, isbn: str) -> Book:
        key = normalize_isbn(isbn)
        try:
            return self._books[key]
        except KeyError:
            raise BookNotFoundError(f"no book with ISBN {key}") from None

    def remove(self, isbn: str) -> Book:
        book = self.get(isbn)
        del self._books[book.isbn]
        return book

    def set_status(self, isbn: str, status: str, rating: int | None = None) -> Book:
        book = self.get(isbn).with_status(status, rating)
        self._books[book.isbn] = book
        return book

    def books(self) -> list[Book]:
        """All books, ordered by author then title."""
        return sorted(self._books.values(), key=lambda b: (b.author.lower(), b.title.lower()))

    def __iter__(self) -> Iterator[Book]:
        return iter(self.books())

    def __len__(self) -> int:
        return len(self._books)

    def __contains__(self, isbn: object) -> bool:
        try:
            return normalize_isbn(str(isbn)) in self._books
        except ValueError:
            return False
