"""Short formatted text for the page, as plain HTML.

Solara's Markdown component loads a maths renderer (KaTeX) that the offline asset package
does not ship, so the page uses plain HTML built here, with every value escaped.
"""

from __future__ import annotations

from html import escape

import solara


class Bold(str):
    """Text already escaped and wrapped in ``<b>``: made only by :func:`bold`."""


def bold(text: str) -> Bold:
    """``text`` escaped and in bold, to embed in :func:`Prose`."""
    return Bold(f"<b>{escape(text)}</b>")


@solara.component
def Prose(*parts: str, tag: str = "p") -> None:  # noqa: N802 - a component
    """A paragraph (or heading) of escaped text and pieces made by :func:`bold`.

    Each part is escaped unless it was made by :func:`bold`.
    """
    body = "".join(p if isinstance(p, Bold) else escape(p) for p in parts)
    solara.HTML(tag=tag, unsafe_innerHTML=body)
