"""The package version (its own module, so the store can name it without the API)."""

__version__ = "0.1.0"
