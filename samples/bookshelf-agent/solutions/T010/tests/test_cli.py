import contextlib
import io
import tempfile
import unittest
from pathlib import Path

from bookshelf.cli import main


class CliTest(unittest.TestCase):
    def setUp(self):
        tmp = tempfile.TemporaryDirectory()
        self.addCleanup(tmp.cleanup)
        self.file = str(Path(tmp.name) / "shelf.json")

    def run_cli(self, *args):
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stderr(err):
            code = main(["--file", self.file, *args], out=out)
        return code, out.getvalue(), err.getvalue()

    def test_add_finish_search_and_stats(self):
        self.assertEqual(self.run_cli("add", "9780441172719", "Dune", "Frank Herbert",
                                      "--pages", "412", "--tag", "sci-fi")[0], 0)
        self.run_cli("add", "9780547928227", "The Hobbit", "J. R. R. Tolkien", "--pages", "300")
        code, out, _ = self.run_cli("finish", "978-0-441-17271-9", "--rating", "5")
        self.assertEqual((code, out), (0, "finished Dune\n"))
        _, out, _ = self.run_cli("search", "--tag", "sci-fi")
        self.assertEqual(out, "9780441172719  Dune - Frank Herbert [finished]\n")
        _, out, _ = self.run_cli("stats", "--goal", "4")
        self.assertEqual(out, "2 books, 1 finished, 412 pages read\ngoal: 25%\n")

    def test_errors_exit_with_status_1(self):
        self.run_cli("add", "9780441172719", "Dune", "Frank Herbert")
        code, _, err = self.run_cli("add", "9780441172719", "Dune", "Frank Herbert")
        self.assertEqual(code, 1)
        self.assertIn("already on the shelf", err)
        self.assertEqual(self.run_cli("finish", "9780000000002")[0], 1)


if __name__ == "__main__":
    unittest.main()
