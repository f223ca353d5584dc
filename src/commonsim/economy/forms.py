"""What an entity's legal form means: institutional parameters of the shared rules.

Every behavioural rule (learning, failing, hiring, borrowing, being chosen by buyers)
applies to every firm and entity alike. A legal form only sets parameters of those rules,
and this table is the one place where a form is turned into such parameters: each entry
names the rule it parameterises, the essay characteristic that justifies it and where the
values come from. Mechanisms read ``firm_attribute(p, firms, name)`` (one value per firm slot) and
never compare forms themselves; ``tests/test_rule_scan.py`` enforces that.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from commonsim.economy.state import Firms
from commonsim.params import Parameters

#: Number of legal forms (codes 0 .. FORMS - 1 of :mod:`commonsim.economy.state`).
FORMS = 3


@dataclass(frozen=True)
class FormAttribute:
    """One institutional parameter of a shared rule, with its value for each form.

    Attributes:
        rule: the shared rule (module and function) whose parameter this is.
        ids: the essay characteristics that justify the difference between forms.
        source: why the values are what they are.
        values: the value for (proprietary firm, platform, commons-oriented entity),
            computed from the regime's parameters.
    """

    rule: str
    ids: tuple[str, ...]
    source: str
    values: Callable[[Parameters], tuple[float, float, float]]


FORM_ATTRIBUTES: dict[str, FormAttribute] = {
    "sells_goods": FormAttribute(
        "goods.buy, expectations, investment.invest", ("M2.2",),
        "a platform sells intermediation (its take and attention rent), not goods",
        lambda p: (1.0, 0.0, 1.0)),
    "ethical_choice": FormAttribute(
        "goods.seller_weights (weight 1 + preference x this)", ("M3.7",),
        "the ethical economy: buyers and procurement may prefer commons-oriented entities",
        lambda p: (0.0, 0.0, 1.0)),
    "credit_access": FormAttribute(
        "finance (overdrafts become loans), investment.invest, entities.fail_insolvent",
        ("M2.4", "M3.6"),
        "banks lend to firms; to commons-oriented entities only where the regime gives"
        " them credit on firms' terms (cooperatives.credit)",
        lambda p: (1.0, 1.0, float(p.cooperatives.credit))),
    "knowledge_control": FormAttribute(
        "skills.update_skills: share of line work made routine by management", ("M1.2", "M3.1"),
        "Braverman (1974): in managed firms conception is separated from execution where"
        " the regime keeps the hierarchy (labour.deskilling); knowledge is open in"
        " commons-oriented entities (M3.1)",
        lambda p: (float(p.labour.deskilling), float(p.labour.deskilling), 0.0)),
    "ip_access": FormAttribute(
        "production.usable_knowledge (access to the proprietary knowledge stock)", ("M1.3",),
        "IP encloses proprietary knowledge: proprietary firms own or rent it (IP rent),"
        " entities outside the IP system cannot use it; without IP it is open to all",
        lambda p: (1.0, float(not p.ip.enabled), float(not p.ip.enabled))),
    "commons_access": FormAttribute(
        "production.usable_knowledge (access to the commons stock)", ("M2.1", "M3.1"),
        "the commons is non-rival and open: every producer may draw on it where it exists",
        lambda p: (float(p.commons.enabled),) * 3),
    "ip_licensing": FormAttribute(
        "knowledge.knowledge_rent (who pays and receives IP rent, commons levy)", ("M1.3", "M3.8"),
        "IP rent circulates among proprietary firms; the commons levy falls on for-profits",
        lambda p: (1.0, 0.0, 0.0)),
    "statutory_surplus": FormAttribute(
        "firms.settle_firms (surplus split by statute rather than paid to shareholders)",
        ("M1.4", "M3.3"),
        "cooperative statutes: surplus to members, commons, solidarity; for-profits pay"
        " dividends to shareholders",
        lambda p: (0.0, 0.0, 1.0)),
    "buys_task_work": FormAttribute(
        "labour.labour_needs (share of work bought as task work and firm-funded commons"
        " work)", ("M2.3", "M2.4"),
        "crowdsourcing and firm-funded commons work are institutions of for-profit firms",
        lambda p: (1.0, 0.0, 0.0)),
    "shares_work": FormAttribute(
        "labour.hire (members share the work instead of being laid off)", ("M3.2",),
        "cooperative membership: work is shared among members (Mondragon practice)",
        lambda p: (0.0, 0.0, 1.0)),
    "founded_by_contributors": FormAttribute(
        "entities.found_entities (who founds a new entity in a free slot)", ("M3.2",),
        "commons-oriented entities are founded by civic contributors; a closed proprietary"
        " firm is refounded by its shareholders at once (free entry)",
        lambda p: (0.0, 0.0, 1.0)),
    "investor_owned": FormAttribute(
        "firms.settle_firms (dividends by stake, the M3.9 cap) and equity claims", ("M2.2",
                                                                                    "M3.9"),
        "proprietary firms belong to investors; the platform too unless it is a cooperative"
        " owned by its users or workers (platforms.ownership); an entity's book value is"
        " its members'",
        lambda p: (1.0, float(p.platforms.ownership == "investors"), 0.0)),
}


def attribute_table(p: Parameters, name: str) -> np.ndarray:
    """The value of attribute `name` for each form code, as an array indexed by form."""
    return np.asarray(FORM_ATTRIBUTES[name].values(p), dtype=float)


def firm_attribute(p: Parameters, firms: Firms, name: str) -> np.ndarray:
    """The value of attribute `name` for each firm slot, from the slot's legal form.

    The table is indexed by the form codes of :mod:`commonsim.economy.state`
    (``PROPRIETARY, PLATFORM, COMMONS_ENTITY = 0, 1, 2``).
    """
    return attribute_table(p, name)[firms.form]


def count_by_form(firms: Firms, mask: np.ndarray) -> np.ndarray:
    """How many of the firm slots in `mask` have each form code (indexed by code)."""
    return np.bincount(firms.form[mask], minlength=FORMS)
