"""Errors a user can act on: each names the file or key at fault and what is allowed."""


class ConfigError(ValueError):
    """Bad input (regime file, key, value or size), found before any work starts."""


class OutOfMemoryError(MemoryError):
    """A run ran out of memory part way; the message says how far it got and what to try."""
