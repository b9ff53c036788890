"""Reading and writing the shelf as a JSON file."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Iterable

from bookshelf.errors import BookshelfError
from bookshelf.models import Book

FORMAT_VERSION = 1


def save_books(books: Iterable[Book], path: str | os.PathLike) -> None:
    """Write books to path atomically (temp file, then rename)."""
    path = Path(path)
    document = {"version": FORMAT_VERSION, "books": [b.to_dict() for b in books]}
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, path)


def load_books(path: str | os.PathLike) -> list[Book]:
    """Books stored at path; a missing file is an empty shelf."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise BookshelfError(f"{path}: not valid JSON ({exc.msg})") from None
    if not isinstance(document, dict) or document.get("version") != FORMAT_VERSION:
        raise BookshelfError(f"{path}: unsupported shelf file format")
    return [Book.from_dict(item) for item in document.get("books", [])]
