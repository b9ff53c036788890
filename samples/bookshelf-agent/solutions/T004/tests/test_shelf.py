import unittest

from bookshelf.errors import BookNotFoundError, DuplicateBookError, ValidationError
from bookshelf.models import Book
from bookshelf.shelf import Shelf
from tests.fixtures import sample_books


class BookTest(unittest.TestCase):
    def test_normalises_fields(self):
        book = Book(" 0-553-38016-8 ", "  Snow Crash ", "Neal Stephenson", tags=("Sci-Fi", "sci-fi ", ""))
        self.assertEqual(book.isbn, "0553380168")
        self.assertEqual(book.title, "Snow Crash")
        self.assertEqual(book.tags, ("sci-fi",))

    def test_rejects_invalid_values(self):
        for kwargs in ({"isbn": "123"}, {"title": " "}, {"pages": -1}, {"status": "lost"},
                       {"status": "reading", "rating": 3}, {"status": "finished", "rating": 6}):
            args = {"isbn": "9780441172719", "title": "Dune", "author": "Frank Herbert", **kwargs}
            with self.subTest(kwargs=kwargs), self.assertRaises(ValidationError):
                Book(**args)

    def test_dict_round_trip(self):
        for book in sample_books():
            self.assertEqual(Book.from_dict(book.to_dict()), book)


class ShelfTest(unittest.TestCase):
    def setUp(self):
        self.shelf = Shelf(sample_books())

    def test_books_sorted_by_author(self):
        authors = [b.author for b in self.shelf]
        self.assertEqual(authors, ["Frank Herbert", "Isaac Asimov", "J. R. R. Tolkien", "Neal Stephenson"])
        self.assertEqual(len(self.shelf), 4)

    def test_get_accepts_unnormalised_isbn(self):
        self.assertEqual(self.shelf.get("978-0-547-92822-7").title, "The Hobbit")
        self.assertIn("0553380168", self.shelf)
        self.assertNotIn("not an isbn", self.shelf)

    def test_duplicates_and_missing_books(self):
        with self.assertRaises(DuplicateBookError):
            self.shelf.add(Book("9780441172719", "Dune", "Frank Herbert"))
        with self.assertRaises(BookNotFoundError):
            self.shelf.get("9780000000002")

    def test_set_status_and_remove(self):
        book = self.shelf.set_status("9780553293357", "finished", rating=4)
        self.assertEqual((book.status, book.rating), ("finished", 4))
        self.assertEqual(self.shelf.get("9780553293357"), book)
        self.shelf.remove("9780553293357")
        self.assertEqual(len(self.shelf), 3)


if __name__ == "__main__":
    unittest.main()
