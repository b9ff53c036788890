"""Command-line front end: python3 -m bookshelf.cli --help"""

from __future__ import annotations

import argparse
import sys

from bookshelf.errors import BookshelfError
from bookshelf.models import STATUSES, Book
from bookshelf.search import search
from bookshelf.shelf import Shelf
from bookshelf.stats import goal_progress, reading_stats
from bookshelf.storage import load_books, save_books


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="bookshelf", description=__doc__)
    parser.add_argument("--file", default="bookshelf.json", help="shelf file (default: %(default)s)")
    sub = parser.add_subparsers(dest="command", required=True)
    add = sub.add_parser("add", help="put a book on the shelf")
    add.add_argument("isbn")
    add.add_argument("title")
    add.add_argument("author")
    add.add_argument("--year", type=int)
    add.add_argument("--pages", type=int, default=0)
    add.add_argument("--tag", action="append", default=[], dest="tags")
    finish = sub.add_parser("finish", help="mark a book as finished")
    finish.add_argument("isbn")
    finish.add_argument("--rating", type=int)
    find = sub.add_parser("search", help="search by title/author words")
    find.add_argument("query", nargs="*")
    find.add_argument("--tag")
    find.add_argument("--status", choices=STATUSES)
    stats = sub.add_parser("stats", help="show reading statistics")
    stats.add_argument("--goal", type=int)
    return parser


def main(argv: list[str] | None = None, out=None) -> int:
    out = out or sys.stdout
    args = build_parser().parse_args(argv)
    try:
        shelf = Shelf(load_books(args.file))
        if args.command == "add":
            book = shelf.add(Book(args.isbn, args.title, args.author, args.year, args.pages, tuple(args.tags)))
            save_books(shelf, args.file)
            print(f"added {book.title} ({book.isbn})", file=out)
        elif args.command == "finish":
            book = shelf.set_status(args.isbn, "finished", args.rating)
            save_books(shelf, args.file)
            print(f"finished {book.title}", file=out)
        elif args.command == "search":
            for book in search(shelf, " ".join(args.query), tag=args.tag, status=args.status):
                print(f"{book.isbn}  {book.title} - {book.author} [{book.status}]", file=out)
        else:
            stats = reading_stats(shelf)
            print(f"{stats.total} books, {stats.by_status['finished']} finished, "
                  f"{stats.pages_read} pages read", file=out)
            if args.goal:
                print(f"goal: {goal_progress(shelf, args.goal):.0%}", file=out)
    except BookshelfError as exc:
        print(f"bookshelf: {exc}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
