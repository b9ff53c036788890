"""Guards the shape of the test suite that specs/001-bookshelf/tasks.md builds."""

import unittest
from pathlib import Path

TESTS_DIR = Path(__file__).resolve().parent

# One entry per test module (or shared fixture) a task in tasks.md creates.
EXPECTED_MODULES = {
    "fixtures": "T002",
    "test_shelf": "T004",
    "test_storage": "T005",
    "test_search": "T006",
    "test_stats": "T008",
    "test_cli": "T010",
}


class LayoutTest(unittest.TestCase):
    def test_expected_test_modules_present(self):
        missing = [
            f"tests/{name}.py (task {task})"
            for name, task in EXPECTED_MODULES.items()
            if not (TESTS_DIR / f"{name}.py").is_file()
        ]
        self.assertEqual(missing, [], "test modules missing: " + ", ".join(missing))

    def test_package_is_importable(self):
        import bookshelf

        self.assertTrue(bookshelf.__version__)


if __name__ == "__main__":
    unittest.main()
