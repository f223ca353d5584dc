"""Who is who in the report: the essay, its models, and the presets that stand for them.

Every figure gives a regime the same colour, declared here by name (never by position), so
model 2 is orange in every report whatever else is compared with it.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass

from commonsim.errors import ConfigError
from commonsim.regimes import load_regime

#: The essay every claim and preset comes from.
CITATION = ("Bauwens, Michel (2013). \u201cThree Competing Societal and Economic Models in the"
            " Age of Peer Production.\u201d P2P Foundation blog, 6 October 2013 (written in"
            " Quito, 21 September 2013).")
ESSAY_TITLE = "Three Competing Societal and Economic Models in the Age of Peer Production"

#: Fixed colour and line style of each preset in every figure.
REGIME_STYLE: dict[str, tuple[str, str]] = {
    "proprietary-balanced": ("#1f77b4", "-"),
    "proprietary-weak-labour": ("#17becf", "--"),
    "netarchical": ("#ff7f0e", "-"),
    "commons-partner-state": ("#2ca02c", "-"),
    "transition": ("#9467bd", "-."),
    "sim": ("#7f7f7f", ":"),
    "kinetic-exchange": ("#8c564b", ":"),
}
#: Colours for regimes of one's own, chosen from the name so they never move.
OTHER_COLOURS = ("#d62728", "#e377c2", "#bcbd22", "#393b79", "#843c39", "#637939")


def style_of(regime: str) -> tuple[str, str]:
    """Colour and line style of a regime: declared for presets, from its name otherwise."""
    if regime in REGIME_STYLE:
        return REGIME_STYLE[regime]
    return OTHER_COLOURS[zlib.crc32(regime.encode()) % len(OTHER_COLOURS)], "-"


#: What each model of the essay is, in a paragraph (the report's legend).
MODEL_TEXT: dict[str, str] = {
    "1a": "Proprietary capitalism under a balance between capital and labour: workers sell"
          " their labour, codified knowledge is proprietary and earns IP rent, managers and"
          " engineers run production for the owners, and a welfare state redistributes"
          " part of the surplus through taxes, benefits and public services.",
    "1b": "Proprietary capitalism under labour weakness: the same firms and property, but"
          " weak bargaining keeps wages down, households borrow to keep consuming, and the"
          " state supports finance rather than households.",
    "2": "Netarchical capitalism: peer production of a commons exists, but platforms and"
         " capital own the infrastructure and capture its value (platform rent, value drawn"
         " from the commons), work becomes precarious task work, and the state is weak.",
    "3": "Commons with a Partner State: contributors produce the commons, cooperatives and"
         " other commons-oriented entities produce for the market, solidarity and a basic"
         " income secure livelihoods, and the state enables civic infrastructure.",
    "2->3": "A transition: starts as model 2 and switches model-3 institutions on one by"
            " one on a schedule (dotted lines in the figures).",
    "validation": "A validation model from the literature (not one of the essay's models).",
}


@dataclass
class LegendRow:
    """One regime of the comparison: name, essay model, colour and paragraph."""

    regime: str
    model: str
    colour: str
    description: str
    paragraph: str


def legend_rows(regimes: list[str]) -> list[LegendRow]:
    """The legend of the regimes compared (loaded to read their model and description)."""
    rows = []
    for name in regimes:
        try:
            r = load_regime(name)
            model, description = str(r.model), str(r.description)
        except (ConfigError, OSError):
            model, description = "", "a regime of its own"
        rows.append(LegendRow(name, model, style_of(name)[0], description,
                              MODEL_TEXT.get(model, "A regime defined by its own file.")))
    return rows


def schedule_marks(regime: str) -> list[tuple[int, str]]:
    """The years (and notes) at which a regime's schedule changes its institutions."""
    try:
        return [(int(s.year), str(s.note or "")) for s in load_regime(regime).schedule]
    except (ConfigError, OSError):
        return []
