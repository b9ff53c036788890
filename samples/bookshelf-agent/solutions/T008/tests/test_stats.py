import unittest

from bookshelf.errors import ValidationError
from bookshelf.stats import goal_progress, reading_stats
from tests.fixtures import sample_books


class ReadingStatsTest(unittest.TestCase):
    def test_counts_pages_and_ratings(self):
        stats = reading_stats(sample_books())
        self.assertEqual(stats.total, 4)
        self.assertEqual(stats.by_status, {"to-read": 1, "reading": 1, "finished": 2})
        self.assertEqual(stats.pages_read, 712)
        self.assertEqual(stats.average_rating, 4.5)
        self.assertEqual(stats.top_tags, [("sci-fi", 3), ("classic", 2), ("cyberpunk", 1)])

    def test_empty_shelf(self):
        stats = reading_stats([])
        self.assertEqual((stats.total, stats.pages_read, stats.average_rating), (0, 0, None))
        self.assertEqual(stats.by_status, {"to-read": 0, "reading": 0, "finished": 0})

    def test_goal_progress(self):
        self.assertEqual(goal_progress(sample_books(), goal=4), 0.5)
        self.assertEqual(goal_progress(sample_books(), goal=1), 1.0)
        with self.assertRaises(ValidationError):
            goal_progress(sample_books(), goal=0)


if __name__ == "__main__":
    unittest.main()
