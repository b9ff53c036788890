"""Sample catalogue shared by the test modules."""

SAMPLE_BOOKS = [
    {"isbn": "978-0-441-17271-9", "title": "Dune", "author": "Frank Herbert",
     "year": 1965, "pages": 412, "tags": ["sci-fi", "classic"],
     "status": "finished", "rating": 5},
    {"isbn": "9780547928227", "title": "The Hobbit", "author": "J. R. R. Tolkien",
     "year": 1937, "pages": 300, "tags": ["fantasy", "classic"],
     "status": "finished", "rating": 4},
    {"isbn": "9780553293357", "title": "Foundation", "author": "Isaac Asimov",
     "year": 1951, "pages": 255, "tags": ["sci-fi"], "status": "reading"},
    {"isbn": "0-553-38016-8", "title": "Snow Crash", "author": "Neal Stephenson",
     "year": 1992, "pages": 480, "tags": ["Sci-Fi", "cyberpunk"]},
]


def sample_books():
    """Fresh Book objects for SAMPLE_BOOKS (imported lazily, after T003)."""
    from bookshelf.models import Book

    return [Book.from_dict(data) for data in SAMPLE_BOOKS]
