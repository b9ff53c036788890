import json
import tempfile
import unittest
from pathlib import Path

from bookshelf.errors import BookshelfError
from bookshelf.storage import load_books, save_books
from tests.fixtures import sample_books


class StorageTest(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.path = Path(tmp.name) / "shelf.json"

    def test_round_trip(self):
        books = sample_books()
        save_books(books, self.path)
        self.assertEqual(load_books(self.path), books)
        self.assertEqual(json.loads(self.path.read_text())["version"], 1)
        self.assertFalse(self.path.with_name("shelf.json.tmp").exists())

    def test_missing_file_is_empty(self):
        self.assertEqual(load_books(self.path), [])

    def test_corrupt_file_is_reported(self):
        for text in ("{not json", '{"version": 99, "books": []}', "[]"):
            self.path.write_text(text)
            with self.subTest(text=text), self.assertRaises(BookshelfError):
                load_books(self.path)


if __name__ == "__main__":
    unittest.main()
