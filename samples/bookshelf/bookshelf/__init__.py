"""Bookshelf: a tiny personal reading-list library."""

__version__ = "0.1.0"
