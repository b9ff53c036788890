import unittest

from bookshelf.errors import ValidationError
from bookshelf.search import search
from tests.fixtures import sample_books


def titles(books):
    return [b.title for b in books]


class SearchTest(unittest.TestCase):
    def setUp(self):
        self.books = sample_books()

    def test_empty_query_returns_everything_sorted_by_title(self):
        self.assertEqual(titles(search(self.books)), ["Dune", "Foundation", "Snow Crash", "The Hobbit"])

    def test_words_match_title_or_author_case_insensitively(self):
        self.assertEqual(titles(search(self.books, "hobbit")), ["The Hobbit"])
        self.assertEqual(titles(search(self.books, "ASIMOV")), ["Foundation"])
        self.assertEqual(titles(search(self.books, "snow stephenson")), ["Snow Crash"])
        self.assertEqual(search(self.books, "snow tolkien"), [])

    def test_filters_by_tag_and_status(self):
        self.assertEqual(titles(search(self.books, tag="SCI-FI")), ["Dune", "Foundation", "Snow Crash"])
        self.assertEqual(titles(search(self.books, tag="classic", status="finished")), ["Dune", "The Hobbit"])
        self.assertEqual(titles(search(self.books, "dune", status="to-read")), [])

    def test_unknown_status_is_rejected(self):
        with self.assertRaises(ValidationError):
            search(self.books, status="borrowed")


if __name__ == "__main__":
    unittest.main()
