"""Prices, money wages, inventories, home prices and the policy rate (issue 14).

Every producer, whatever its legal form, prices by one rule: a markup on normal unit cost
(Godley & Lavoie 2007, ch. 8-9: normal-cost pricing), the markup revised each year on the
inventory signal as in Caiani et al. 2016 (JEDC 69): up by a random step when the firm's
inventories are below its target share of expected sales (which is also what unmet demand
leaves, an empty shelf), down when they are above. Money wages follow the conflicting-claims
model (Rowthorn 1977; Lavoie 2014, ch. 8): they make up part of last year's inflation and
close part of the gap between workers' target wage share, set by the bargaining institution
(``labour.bargaining``) and lowered by unemployment along the wage curve (Blanchflower &
Oswald 1994), and the wage share they got. Unsold output is kept as inventories, valued at
normal unit cost; the change in their value when the unit cost changes is a revaluation,
recorded in the period record. Homes are priced at ``housing.price_to_output`` years of
nominal output per household, approached gradually. The policy rate is fixed or set by
Taylor's rule; the deposit and loan rates keep their spreads over it.

With ``engine.prices = "fixed"`` the revision speeds of markups and wages are zero (the same
rule, with its speeds at zero): prices stay at 1 and the money wage at the bargained share,
as in the published validation models.
"""

from __future__ import annotations

import numpy as np

from commonsim.economy.economy import Economy
from commonsim.params import Parameters

IMPLEMENTS: tuple[str, ...] = ()

#: Smallest normal unit cost (money per unit of output): keeps prices positive when labour
#: bargains for nothing.
MIN_UNIT_COST = 1e-9
#: Unsold output below this share of a firm's output is rounding dust, not inventories.
DUST = 1e-9
#: Unemployment rates the wage curve is estimated over (Blanchflower & Oswald 1994); the
#: curve is held flat outside them.
WAGE_CURVE_RANGE = (0.02, 0.2)


def prices_move(p: Parameters) -> bool:
    """Whether markups and money wages are revised (False: prices fixed at 1)."""
    return p.engine.prices == "markup"


# -- pure rules ---------------------------------------------------------------------------


def markup_revision(markup: np.ndarray, inventory: np.ndarray, target: np.ndarray,
                    step: np.ndarray, most: float) -> np.ndarray:
    """Caiani et al.'s rule: up by `step` below the inventory target, down above it.

    Args:
        markup: each firm's markup of last year.
        inventory: each firm's inventories (real) at the start of the year.
        target: each firm's target inventories (real).
        step: each firm's size of revision this year (a folded-normal draw, >= 0).
        most: the highest markup allowed.
    """
    up = inventory < target
    revised = markup * np.where(up, 1.0 + step, 1.0 - step)
    return np.clip(revised, 0.0, most)


def wage_growth(inflation: float, wage_share: float, target_share: float,
                indexation: float, catch_up: float, most_cut: float) -> float:
    """Yearly growth of the money wage under conflicting claims (Lavoie 2014, ch. 8).

    Money wages fall by at most `most_cut` a year (downward nominal wage rigidity).
    """
    gap = (target_share - wage_share) / max(wage_share, 1e-12)
    return max(indexation * inflation + catch_up * gap, -most_cut)


def target_wage_share(bargaining: float, unemployment: float, reference: float,
                      elasticity: float) -> float:
    """Workers' target wage share: the bargained share moved along the wage curve.

    At the reference unemployment rate workers aim at ``bargaining``; the target falls with
    unemployment with elasticity `elasticity`. Outside the range of unemployment the wage
    curve is estimated on (regional rates of about 2% to 20%, Blanchflower & Oswald 1994)
    the curve is held flat, so that a labour market with no one out of work does not make
    the target infinite.
    """
    u = min(max(unemployment, WAGE_CURVE_RANGE[0]), WAGE_CURVE_RANGE[1])
    return min(bargaining * (u / reference) ** (-elasticity), 1.0)


def taylor_rate(inflation: float, unemployment: float, p: Parameters) -> float:
    """Taylor's (1993) rule, with the output gap from unemployment by Okun's law; >= 0."""
    f = p.finance
    gap = -f.okun * (unemployment - f.unemployment_reference)
    rate = (f.taylor_neutral + inflation + f.taylor_inflation * (inflation
            - f.taylor_inflation_target) + f.taylor_gap * gap)
    return max(rate, 0.0)


def set_rates_in_force(e: Economy, policy: float) -> None:
    """Policy (bond) rate `policy`; deposit and loan rates keep their spreads over it."""
    fin, agg = e.params.finance, e.state.agg
    agg.policy_rate = policy
    agg.bond_rate = policy
    agg.deposit_rate = max(policy + fin.deposit_rate - fin.bond_rate, 0.0)
    agg.loan_rate = max(policy + fin.loan_rate - fin.bond_rate, 0.0)


# -- schedule steps -----------------------------------------------------------------------


def set_policy_rate(e: Economy) -> None:
    """The central bank sets the policy rate; the bank's rates follow by their spreads.

    Equations:
        fixed:  i_t = r_B                      (r_B = finance.bond_rate)
        taylor: i_t = max(0, r* + pi_{t-1} + a_pi (pi_{t-1} - pi*) + a_y gap_{t-1})
                gap_{t-1} = -okun (u_{t-1} - u_ref)
        r_bond_t = i_t,  r_dep_t = max(0, i_t + r_D - r_B),  r_loan_t = max(0, i_t + r_L - r_B)
        (pi inflation of the price index, u unemployment, r* taylor_neutral, pi*
        taylor_inflation_target, a_pi taylor_inflation, a_y taylor_gap, r_D, r_L the
        configured deposit and loan rates, whose gaps to r_B are the bank's spreads)
    """
    p, agg = e.params, e.state.agg
    if p.finance.policy_rule == "taylor":
        policy = taylor_rate(agg.inflation, agg.unemployment, p)
    else:
        policy = p.finance.bond_rate
    set_rates_in_force(e, policy)


def set_money_wage(e: Economy) -> None:
    """Money wages respond to last year's prices and unemployment (conflicting claims).

    Equations:
        omega_{t-1} = W_{t-1} / P_{t-1}
        omega^w_t = min(1, b (clip(u_{t-1}, 0.02, 0.2) / u_ref)^(-eta))
        g_t = max(iota pi_{t-1} + Omega (omega^w_t - omega_{t-1}) / omega_{t-1}, -c)
        W_t = W_{t-1} (1 + s g_t)
        (W money wage per unit of output at a firm's productivity, i.e. pay per effective
        labour-year at firm j is W_t a_j; P price index; b labour.bargaining; u
        unemployment; u_ref finance.unemployment_reference; eta labour.wage_curve; iota
        labour.wage_indexation; Omega labour.wage_catch_up; c labour.wage_cut_limit; s = 1
        with engine.prices = markup, 0 with fixed)
    """
    p, agg = e.params, e.state.agg
    if not prices_move(p):
        return
    lab = p.labour
    share = agg.unit_wage / max(agg.price_index, 1e-12)
    target = target_wage_share(lab.bargaining, agg.unemployment,
                               p.finance.unemployment_reference, lab.wage_curve)
    growth = wage_growth(agg.inflation, share, target, lab.wage_indexation, lab.wage_catch_up,
                         lab.wage_cut_limit)
    agg.unit_wage = max(agg.unit_wage * (1.0 + growth), MIN_UNIT_COST)


def set_prices(e: Economy) -> None:
    """Each producer revises its markup on its inventory signal and sets its price.

    Equations:
        NUC_t = max(W_t, 1e-9)                          (normal unit cost: W_t a_j / a_j)
        mu_j,t = clip(mu_j,t-1 (1 + s z_j) if IN_j < nu x_j,t-1 else mu_j,t-1 (1 - s z_j),
                      0, mu_max),   z_j = |N(0, sigma)|
        p_j,t = (1 + mu_j,t) NUC_t
        P_t = sum_j p_j q_j,t-1 / sum_j q_j,t-1         (last year's output as weights)
        pi_t = P_t / P_{t-1} - 1
        revaluation_t = sum_j IN_j (NUC_t - NUC_{t-1})  (inventories are held at NUC)
        (IN inventories at the start of the year, x_j,t-1 last year's real sales, nu
        market.inventory_target, sigma market.markup_step, mu_max market.max_markup, s = 1
        with engine.prices = markup, 0 with fixed; a slot with no live firm takes the mean
        markup of live producers, so an entrant prices like the market)
    """
    p, f, agg = e.params, e.state.firms, e.state.agg
    m = p.market
    draw = np.abs(e.rng["pricing"].normal(0.0, 1.0, f.n)) * m.markup_step
    step = draw if prices_move(p) else np.zeros(f.n)
    producing = f.alive & (f.productivity > 0)
    # Caiani et al. compare inventories with last period's realised sales (still in
    # `sold`: the plan of this period resets it).
    target = m.inventory_target * np.maximum(f.sold, 0.0)
    revised = markup_revision(f.markup, f.inventory, target, step, m.max_markup)
    if producing.any():
        mean = float(revised[producing].mean())
        revised = np.where(f.alive, revised, mean)
    f.markup[:] = revised
    unit_cost = max(agg.unit_wage, MIN_UNIT_COST)
    e.period.inventory_revaluation = float((f.inventory * (unit_cost - f.unit_cost)).sum())
    f.unit_cost[:] = unit_cost
    f.price[:] = (1.0 + f.markup) * unit_cost
    weights = np.where(producing, np.maximum(f.output, 0.0), 0.0)
    if weights.sum() <= 0:
        weights = producing.astype(float)
    previous = agg.price_index
    if weights.sum() > 0:
        agg.price_index = float((f.price * weights).sum() / weights.sum())
    agg.inflation = agg.price_index / previous - 1.0 if previous > 0 else 0.0


def stock_inventories(e: Economy) -> None:
    """What producers made and did not sell is kept as inventories, valued at unit cost.

    Equations:
        IN_j,t = IN_j,t-1 + y_j,t - x_j,t                (y output, x real sales)
        dIN_j = NUC_t (y_j,t - x_j,t)                    (change at cost, part of profit)
        written_off_t = NUC_t sum over slots without a live firm of IN_j
    """
    f = e.state.firms
    made = np.where(f.alive, f.output - f.sold, 0.0)
    # Rounding dust (output solved to order equals demand only to ~1e-12) is not a stock.
    made = np.where(np.abs(made) <= DUST * np.maximum(f.output, 1.0), 0.0, made)
    f.inventory[:] = np.maximum(f.inventory + made, 0.0)
    e.period.inventory_change_by_firm = f.unit_cost * made
    dead = ~f.alive & (f.inventory > 0)
    e.period.inventory_written_off = float((f.unit_cost * f.inventory)[dead].sum())
    f.inventory[dead] = 0.0


def price_homes(e: Economy) -> None:
    """Homes are priced at a number of years of nominal output per household, with a lag.

    Equations:
        p^h_t = p^h_t-1 + lambda (k Y_t / N - p^h_t-1)
        home_revaluation_t = H (p^h_t - p^h_t-1)
        (Y nominal GDP of the year, N households, H homes owned, k
        housing.price_to_output, lambda housing.price_adjust)
    """
    p, agg, hh = e.params, e.state.agg, e.state.households
    if not p.housing.enabled:
        return
    gdp = float(e.state.firms.sales.sum()) + float(e.period.peer_volume)
    anchor = p.housing.price_to_output * gdp / e.n
    new = agg.house_price + p.housing.price_adjust * (anchor - agg.house_price)
    e.period.home_revaluation = float(hh.home.sum()) * (new - agg.house_price)
    agg.house_price = new


def note_unemployment(e: Economy) -> None:
    """Unemployment of the year, for next year's wage bargain and policy rate.

    Equations:
        u_t = share of households with no job, membership or task work this year
    """
    hh = e.state.households
    working = (hh.employer >= 0) | (hh.member_of >= 0) | (hh.hours_gig > 0)
    e.state.agg.unemployment = float((~working).mean())


def open_prices(e: Economy) -> None:
    """Opening prices of 1: the money wage at the bargained share, markups to match.

    At the opening every producer's price is 1, so the wage share equals
    ``labour.bargaining`` and the markup is ``1 / bargaining - 1`` (within [0, max_markup]);
    unemployment is taken to be at its reference rate, where workers aim at that share.
    """
    p, f, agg = e.params, e.state.firms, e.state.agg
    agg.unit_wage = max(p.labour.bargaining, MIN_UNIT_COST)
    agg.price_index = 1.0
    agg.inflation = 0.0
    # The opening is a state of no conflict: unemployment at its reference, where workers'
    # target wage share is the bargained one.
    agg.unemployment = p.finance.unemployment_reference
    f.unit_cost[:] = agg.unit_wage
    f.markup[:] = np.clip(1.0 / agg.unit_wage - 1.0, 0.0, p.market.max_markup)
    f.price[:] = (1.0 + f.markup) * f.unit_cost
    set_rates_in_force(e, p.finance.bond_rate)
