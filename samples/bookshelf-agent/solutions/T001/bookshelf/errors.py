"""Exceptions raised by the bookshelf package."""


class BookshelfError(Exception):
    """Base class for every error the package raises on purpose."""


class ValidationError(BookshelfError, ValueError):
    """A book or a command argument has an invalid value."""


class DuplicateBookError(BookshelfError):
    """A book with the same ISBN is already on the shelf."""


class BookNotFoundError(BookshelfError, LookupError):
    """No book with the given ISBN is on the shelf."""
