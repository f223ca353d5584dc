"""The essay's characteristics as data: the one place their IDs are defined.

Bauwens' 2013 essay describes three models of value creation; the project cuts it into 23
characteristics (M1.1 .. M3.11) plus the reader's request for a case patchwork (C.1). Mechanisms,
claims, reports and the case atlas all refer to these IDs, so they are written down once, here.
The wording of ``title``, ``rule`` and ``shows`` is the project's own summary of
``shared/essay/characteristics.md``; the IDs and slugs never change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, cast

Model = Literal["1", "2", "3", "C"]

MODEL_NAMES: dict[str, str] = {
    "1": "proprietary capitalism",
    "2": "peer production under financial capitalism",
    "3": "strong peer production under civic dominance",
    "C": "reader's comment",
}


@dataclass(frozen=True)
class Characteristic:
    """One characteristic: what the simulated economy must do, and what the essay expects."""

    id: str
    slug: str
    model: Model
    title: str
    rule: str
    shows: str


def _c(cid: str, slug: str, title: str, rule: str, shows: str) -> Characteristic:
    """Build one entry; the model is read from the ID ("M2.4" -> "2", "C.1" -> "C")."""
    model = cast(Model, "C" if cid.startswith("C") else cid[1])
    return Characteristic(cid, slug, model, title, rule, shows)


_ALL = (
    # Model 1: proprietary capitalism (1a capital-labour balance, 1b labour weakness).
    _c(
        "M1.1",
        "labour-value",
        "Value comes from waged labour",
        "Market output is produced by paid workers in firms that capital owners own; "
        "there is no commons production.",
        "People who own nothing live on wages and transfers alone.",
    ),
    _c(
        "M1.2",
        "deskilling",
        "Deskilling and a managerial layer",
        "Managers and engineers hold the production knowledge and earn a premium, while "
        "line workers' skills stand still or erode.",
        "The gap in skill and pay between the two layers grows.",
    ),
    _c(
        "M1.3",
        "ip-rent",
        "Knowledge as property earning IP rent",
        "The stock of codified knowledge is owned, and whoever uses knowledge they do not "
        "own pays its owner a rent.",
        "IP rent takes a positive share of national income and no commons stock exists.",
    ),
    _c(
        "M1.4",
        "capital-capture",
        "Owners capture the surplus",
        "What is left of firm revenue after wages goes to shareholders by ownership share, "
        "and wages follow labour's bargaining power.",
        "The profit share is positive and wealth concentrates among owners.",
    ),
    _c(
        "M1.5",
        "balanced-redistribution",
        "Welfare state under capital-labour balance (1a)",
        "Labour bargains strongly and progressive taxes pay for public services and "
        "transfers to households.",
        "Net transfers reach the lower half and inequality stays below that of 1b.",
    ),
    _c(
        "M1.6",
        "finance-redistribution",
        "State support for finance, households in debt (1b)",
        "Labour bargains weakly, the state props up finance, transfers shrink and "
        "households borrow to keep consuming.",
        "Transfers to finance exceed 1a's, most households depend on debt and household "
        "debt-to-income climbs.",
    ),
    # Model 2: peer production under the domination of financial capitalism.
    _c(
        "M2.1",
        "commons-contributors",
        "Contributors build common pools",
        "Unpaid civic time, firm-paid contribution time and independent entrepreneurs add "
        "to a shared, non-rival stock of knowledge, code and design.",
        "The commons stock grows.",
    ),
    _c(
        "M2.2",
        "netarchical-capture",
        "Platforms and capital capture the value",
        "Firms use the commons without giving back and platforms earn on the attention and "
        "exchanges of sharers without paying them.",
        "Capital and platforms take far more from commons-based production than "
        "contributors receive, and platform rent is positive.",
    ),
    _c(
        "M2.3",
        "crowdsourcing",
        "Crowdsourced, disaggregated labour",
        "Part of the demand for labour is met by gig and task work on platforms, paid by "
        "the piece, minus a platform fee, without protection.",
        "The precarious share of work rises.",
    ),
    _c(
        "M2.4",
        "precarious-cocreation",
        "Capital co-creates, contributors stay precarious",
        "Capital pays for some commons work while civic contributors go unpaid and "
        "commons-oriented start-ups get no support.",
        "Civic contributors are precarious and commons ventures fail often.",
    ),
    _c(
        "M2.5",
        "for-benefit-balance",
        "For-benefit institutions funded by capital",
        "For-benefit foundations steward the commons, get most of their money, and so "
        "their say, from capital, and no solidarity fund exists.",
        "Capital funds the foundations more than contributors do and precarity goes uncushioned.",
    ),
    _c(
        "M2.6",
        "weak-state",
        "A weak state that subsidises finance",
        "Public services and transfers fall, security spending rises, finance is "
        "subsidised and the commons gets minimal support.",
        "State transfers to finance exceed state support for the commons.",
    ),
    # Model 3: strong peer production under civic dominance.
    _c(
        "M3.1",
        "cooperative-reskilling",
        "Reskilling through commons-based making",
        "Cooperative workers and civic contributors build the commons, and taking part in "
        "distributed, commons-oriented production raises their skills.",
        "The skill index of ordinary producers rises.",
    ),
    _c(
        "M3.2",
        "commons-entities",
        "Contributors found their own market entities",
        "Contributors set up cooperative market entities whose surplus pays contributors "
        "and maintains the commons.",
        "Contributors' incomes are sustained.",
    ),
    _c(
        "M3.3",
        "cooperative-accumulation",
        "Cooperative accumulation and phyles",
        "Cooperatives keep surplus for their members, owe a statutory share to the commons, "
        "and federate in phyles that pool knowledge and mutual insurance.",
        "Members' wealth grows and the cooperative share of output rises.",
    ),
    _c(
        "M3.4",
        "open-supply-chains",
        "Open supply chains coordinate production",
        "Shared signals of supply and demand coordinate producers, cutting overproduction, "
        "unsold stock and waste.",
        "Waste and output volatility are lower than in models 1 and 2.",
    ),
    _c(
        "M3.5",
        "for-benefit-solidarity",
        "Contributor-governed institutions with solidarity funds",
        "Contributors govern the for-benefit institutions, and mutual funds paid for by the "
        "market entities and the state smooth commoners' incomes.",
        "Precarity falls and commoners have an income floor.",
    ),
    _c(
        "M3.6",
        "partner-state",
        "The Partner State",
        "A share of the state budget pays for civic infrastructure that enables autonomous "
        "social production.",
        "The commons grows faster than in model 2.",
    ),
    _c(
        "M3.7",
        "ethical-economy",
        "An ethical market that prefers the commons",
        "Buyers and public procurement give preference to commons-oriented entities.",
        "The market share of commons-oriented entities rises.",
    ),
    _c(
        "M3.8",
        "reformed-profit",
        "For-profits pay for externalities and the commons",
        "Profit-seeking firms pay for their externalities and a reciprocity levy on the "
        "commons they use.",
        "Cooperative forms produce most output, externality cost per unit falls and more "
        "value flows back to the commons.",
    ),
    _c(
        "M3.9",
        "generative-governance",
        "Multistakeholder, generative ownership",
        "Boards of workers, users, contributors and investors share the surplus, and "
        "investor returns are capped.",
        "Capital's share of income falls.",
    ),
    _c(
        "M3.10",
        "commonified-services",
        "Public services commonified",
        "Citizens and commons institutions co-produce public services with the state.",
        "Each unit of tax buys more public service.",
    ),
    _c(
        "M3.11",
        "basic-income",
        "Basic income and less necessary labour",
        "Everyone receives a basic income paid for within the model's own accounts, and "
        "the time freed from necessary labour can go to civic contribution.",
        "Necessary hours shrink, civic hours grow and poverty falls, while the public "
        "accounts either stay sustainable or the model shows that they do not.",
    ),
    # The reader's comment under the essay.
    _c(
        "C.1",
        "case-patchwork",
        "A patchwork of real cases",
        "Real case studies are mapped onto the characteristics above.",
        "A patchwork in which the gaps, expected to be largest for model 3, are visible.",
    ),
)

CHARACTERISTICS: dict[str, Characteristic] = {c.id: c for c in _ALL}
"""All 24 characteristics by ID, in the essay's order."""

DIMENSIONS: dict[str, tuple[str, ...]] = {
    "value extraction": ("M1.3", "M1.4", "M2.2", "M2.3", "M3.2", "M3.3", "M3.8"),
    "class structure": ("M1.1", "M1.2", "M1.4", "M2.1", "M2.3", "M2.4", "M3.1", "M3.3"),
    "knowledge logics": ("M1.2", "M1.3", "M2.1", "M2.2", "M3.1", "M3.4", "M3.8"),
    "solidarity models": ("M1.5", "M1.6", "M2.4", "M2.5", "M3.5", "M3.10", "M3.11"),
    "balance of power": ("M1.4", "M1.5", "M1.6", "M2.2", "M2.5", "M2.6", "M3.6", "M3.9"),
    "dominant model versus alternatives": ("M1.4", "M2.2", "M2.4", "M3.3", "M3.7", "M3.8"),
    "forms of democracy": ("M1.5", "M2.5", "M2.6", "M3.5", "M3.6", "M3.9", "M3.10"),
}
"""The essay's seven comparison dimensions, each with the characteristics that belong to it.

The grouping is the project's reading of the essay (the essay names the dimensions but does not
assign characteristics to them); every characteristic of models 1-3 belongs to at least one.
"""


def by_model(model: str) -> list[Characteristic]:
    """The characteristics of one model ("1", "2", "3" or "C"), in order."""
    return [c for c in CHARACTERISTICS.values() if c.model == model]


def lookup(key: str) -> Characteristic | None:
    """Find a characteristic by ID ("M1.3", case-insensitive) or slug ("ip-rent")."""
    key = key.strip()
    for c in CHARACTERISTICS.values():
        if key.upper() == c.id or key.lower() == c.slug:
            return c
    return None
