"""Labour allocation and household time use (M1.1, M2.1, M2.3, M3.2, M3.11).

Employment in proprietary firms follows a persistent hiring queue (skill plus luck), full
time being ``labour.standard_hours`` (M3.11 shortens it). Part of firms' labour demand is
met by task work through platforms (M2.3). Members of commons-oriented entities share the
work of their entity rather than being fired, and entities recruit from the unemployed
(M3.2). What households do with the time they have not sold is decided in
:mod:`.time_use`.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from commonsim.economy.arrays import gathered, group_sum, in_order, masked, stable_argsort
from commonsim.economy.economy import Economy
from commonsim.economy.forms import firm_attribute
from commonsim.economy.halves import over_halves
from commonsim.economy.state import CIVIC, EMPLOYEE, GIG, MEMBER, UNEMPLOYED

IMPLEMENTS = ("M1.1", "M2.1", "M2.3", "M3.2", "M3.11")


def fill_queue(
    capacity: np.ndarray, queue: np.ndarray, demand: np.ndarray
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Give `demand` (effective labour per firm) to the households of `queue`, in order.

    Returns the chosen household indices, the firm each joins and the share of its
    capacity each works (1 except for the last hire of a firm).

    Each firm takes households from the queue until its own demand is covered, and its
    last hire works only the part of a year the firm still needs. Cutting one queue at the
    firms' cumulative demands instead gives a household that straddles two firms' shares
    wholly to the first: the first firm has more labour than its plan needs (wasted) and
    the next one less, so total output falls short of total plans by about half a
    household per firm, a systematic shortfall that leaves inventories below target.

    Equations:
        C_q = sum_{r <= q} k_r                     (capacity up to place q in the queue)
        firm j (in index order, dem_j > 1e-9 sum_k dem_k) starts at place b_j (b_1 = 0), takes
            places b_j .. e_j, e_j the first with C_q - C_{b_j - 1} >= dem_j;  b_{j+1} = e_j + 1
        share_q = 1 for q < e_j;  share_{e_j} = (dem_j - (C_{e_j - 1} - C_{b_j - 1})) / k_{e_j}
        where k_q is the capacity (effective labour-years) of the household at place q of
        the queue and dem_j firm j's demand; a queue too short leaves the rest unfilled.
    """
    empty = np.zeros(0, dtype=np.int64)
    if float(demand.sum()) <= 0 or queue.size == 0:
        return empty, empty, np.zeros(0)
    # Rounding dust in a firm's demand must not hire (or make a member of) one more person.
    firms = np.flatnonzero(demand > 1e-9 * float(demand.sum()))
    return _fill_kernel(capacity, queue, demand, firms, _capacity_ahead(capacity, queue, demand))


def _capacity_ahead(capacity: np.ndarray, queue: np.ndarray, demand: np.ndarray
                    ) -> np.ndarray:
    """Capacities of the places the demand will likely reach, in queue order.

    Reading capacities through the queue is a random read per place; gathered ahead, two
    threads share them. The reach is estimated from the mean capacity, with a margin;
    places beyond it are read as the fill reaches them.
    """
    mean = float(capacity.mean()) if capacity.size else 0.0
    estimate = 1.25 * float(demand.sum()) / mean if mean > 0 else np.inf
    reach = int(estimate) + 1_024 if estimate < queue.size else queue.size  # NaN: all
    return gathered(capacity, queue[:min(reach, queue.size)])


@njit(cache=True, nogil=True)
def _fill_kernel(capacity, queue, demand, firms, ahead):  # pragma: no cover - compiled
    """fill_queue's one pass along the queue, as far as the demand reaches.

    The place where firm j's demand is covered is the first place (from b_j) whose
    cumulative capacity reaches it, as ``searchsorted`` on the whole cumulative sum finds
    it; a need lost in the rounding of the capacity already counted hires nobody. Each
    place's capacity is read when the pass reaches it (from `ahead`, the capacities of
    the first places in queue order, then through the queue), so the part of the queue
    nobody hires from is never touched; the cumulative sum is kept as a running total
    (C_q is only ever read at the place just reached).
    """
    n = queue.size
    total = 0.0  # C_q up to the last place reached
    chosen = np.empty(n, dtype=np.int64)
    firm = np.empty(n, dtype=np.int64)
    share = np.empty(n)
    k = 0
    begin = 0
    for j in firms:
        if begin >= n:
            break
        before = total
        target = before + demand[j] * (1.0 - 1e-9)
        if begin > 0 and before >= target:
            continue
        end = begin
        while True:
            last = ahead[end] if end < ahead.size else capacity[queue[end]]
            total = last + total
            if total >= target or end == n - 1:
                break
            end += 1
        for q in range(begin, end + 1):
            chosen[k] = queue[q]
            firm[k] = j
            share[k] = 1.0
            k += 1
        if last > 0:
            share[k - 1] = min((before + demand[j] - (total - last)) / last, 1.0)
        else:
            share[k - 1] = 0.0
        begin = end + 1
    return chosen[:k], firm[:k], share[:k]


def labour_needs(e: Economy, capacity: np.ndarray | None = None
                 ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Effective labour each employer needs from its own staff, from employees, as tasks.

    Wherever a platform exists every employer, whatever its form, buys
    ``platforms.crowdsourcing`` of its work as task work (M2.3): one labour-market rule.
    The first array is the work its own staff (employees or members) must do. Proprietary
    firms add the commons work they finance (``commons.firm_funded``, noted in
    ``commons_labour``) to what their employees must do.

    Equations:
        L_j = x_j / A_j                    (labour employer j needs for its planned output)
        G_j = c * L_j, O_j = (1 - c) * L_j (task work asked, work of its own staff)
        G'_j, O'_j = within_task_pool(G_j, O_j)
        E_j = O'_j + K_j                   (work its employees must do; members for entities)
        x_j: planned output, A_j: productivity, c: platforms.crowdsourcing where
        platforms.enabled else 0, K_j: commons work it finances

    `capacity` (each household's skill times standard hours) is passed on to
    :func:`within_task_pool`.
    """
    p, f = e.params, e.state.firms
    prod = np.maximum(f.productivity, 1e-12)
    need = np.where(f.alive, f.planned / prod, 0.0)
    proprietary = f.alive & (firm_attribute(p, f, "buys_task_work") > 0)
    gig_share = p.platforms.crowdsourcing if p.platforms.enabled else 0.0
    commons_share = p.commons.firm_funded if p.commons.enabled else 0.0
    f.commons_labour[:] = np.where(proprietary, commons_share * need, 0.0)
    own_need, gig_need = within_task_pool(e, need - gig_share * need, gig_share * need,
                                          capacity)
    employee_need = np.where(proprietary, own_need, 0.0) + f.commons_labour
    return own_need, employee_need, gig_need


def within_task_pool(
    e: Economy, own_need: np.ndarray, gig_need: np.ndarray,
    capacity: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Task work is asked only of those employers do not staff; their own staff do the rest.

    Equations:
        P = sum_{i not a member} z_i H - sum_j E_j - sum_{entities j} max(O_j - M_j, 0)
        G'_j = G_j * min(1, max(P, 0) / sum_m G_m)      (task work the pool can supply)
        O'_j = O_j + G_j - G'_j                          (the rest is done by own staff)
        z_i: skill, H: labour.standard_hours, E_j: proprietary j's employee need
        (O_j plus commons work), O_j: work its own staff must do, M_j: entity j's members'
        capacity

    `capacity` is z_i H when the caller has it already.
    """
    hh, f = e.state.households, e.state.firms
    total = float(gig_need.sum())
    if total <= 0:
        return own_need, gig_need
    if capacity is None:
        capacity = hh.skill * e.params.labour.standard_hours
    member_cap = group_sum(hh.member_of, capacity, f.n)
    entity = f.alive & (firm_attribute(e.params, f, "shares_work") > 0)
    staffed = np.where(entity, np.maximum(own_need - member_cap, 0.0),
                       own_need + f.commons_labour)
    spare = max(float(masked(capacity, hh.member_of < 0).sum() - staffed.sum()), 0.0)
    if total <= spare:
        return own_need, gig_need
    served = gig_need * (spare / total)
    return own_need + gig_need - served, served


def release_failed_members(e: Economy) -> None:
    """Members of failed commons-oriented entities are released (no longer members)."""
    hh = e.state.households
    over_halves(_release_kernel, hh.n, hh.member_of, e.state.firms.alive)


@njit(cache=True, nogil=True)
def _release_kernel(lo, hi, member_of, alive):  # pragma: no cover - compiled
    """member_of_i = -1 where i's entity is not alive, in place, for households lo..hi."""
    for i in range(lo, hi):
        if member_of[i] >= 0 and not alive[member_of[i]]:
            member_of[i] = -1


@njit(cache=True, nogil=True)
def _seekers(lo, hi, member_of, ratio, seeker):  # pragma: no cover - compiled
    """seeker_i of hire (households lo..hi): not a member, or one its entity cannot occupy."""
    for i in range(lo, hi):
        seeker[i] = member_of[i] < 0 or ratio[member_of[i]] < 1.0 - 1e-9


def _take_jobs(employer: np.ndarray, hours: np.ndarray, member_of: np.ndarray,
               chosen: np.ndarray, firm: np.ndarray, share: np.ndarray, h_std: float) -> int:
    """The hired join their firm for h * share of a year; members hired leave; count them.

    Nobody had an employer before, so the members with one now are those just hired. The
    hired are distinct households, so both passes are split in halves.
    """
    over_halves(_join_kernel, chosen.size, employer, hours, chosen, firm, share, h_std)
    left = np.zeros(2, dtype=np.int64)
    over_halves(_leave_kernel, member_of.size, member_of, employer, left)
    return int(left.sum())


@njit(cache=True, nogil=True)
def _join_kernel(lo, hi, employer, hours, chosen, firm, share, h_std):  # pragma: no cover
    """Hires lo..hi join their firm."""
    for k in range(lo, hi):
        employer[chosen[k]] = firm[k]
        hours[chosen[k]] = h_std * share[k]


@njit(cache=True, nogil=True)
def _leave_kernel(lo, hi, member_of, employer, left):  # pragma: no cover - compiled
    """Households lo..hi that were hired leave their entity; counted in left[0] or left[1]."""
    count = 0
    for i in range(lo, hi):
        if member_of[i] >= 0 and employer[i] >= 0:
            member_of[i] = -1
            count += 1
    left[0 if lo == 0 else 1] += count


@njit(cache=True, nogil=True)
def _unassign(lo, hi, employer, hours_paid, hours_gig):  # pragma: no cover - compiled
    """No employer, paid hours or task hours for households lo..hi: hiring starts afresh."""
    for i in range(lo, hi):
        employer[i] = -1
        hours_paid[i] = 0.0
        hours_gig[i] = 0.0


def hire(e: Economy) -> None:
    """Fill firms' jobs from the hiring queue, by one rule for everyone looking for work.

    Equations:
        need_j = Qp_j / a_j                                   (live firms)
        CL_j = phi * need_j * t_j;  E_j = (1 - g) * need_j * t_j + CL_j;
        G_j = g * need_j * t_j                 (t_j: the form's buys_task_work)
        k_i = s_i * h
        MC_j = sum_{i member of j} k_i;  SF_j = max(need_j - MC_j, 0)   (entities)
        r_j = min(need_j / MC_j, 1)            work entity j can give each member
        seeker_i = (i is not a member) or (r_j(i) < 1)   all not fully occupied search
        if sum_j (E_j + SF_j) > sum_{seekers} k_i = supply:
            E_j, SF_j scaled by supply / sum_j (E_j + SF_j)
        queue: seekers in fixed priority order; the firms' E_j are filled in firm
            order, each household giving u_i = min(k_i, what is left) and working
            hp_i = h * u_i / k_i; a member so hired leaves its entity
        staff_entities: entities recruit their new shortfall from the rest of the queue,
            then every member works hp_i = h * min(need_j / MC_j, 1)
        where need_j is firm j's effective labour need, Qp_j its plan, a_j its
        productivity, g = platforms.crowdsourcing (0 without platforms) the share of work
        bought as task work, phi = commons.firm_funded (0 without a commons), E_j the
        effective labour wanted from employees, G_j the task work wanted, s_i household
        i's skill, h = labour.standard_hours, k_i its capacity in effective labour-years,
        MC_j entity j's members' capacity, SF_j its shortfall and hp_i i's paid hours.
        Priority is skill times a uniform draw on [0.5, 1.5], fixed at the start.
    """
    p, hh, f = e.params, e.state.households, e.state.firms
    h_std = p.labour.standard_hours
    capacity = hh.skill * h_std
    need, employee_need, gig_need = labour_needs(e, capacity)
    e.period.gig_need = gig_need
    over_halves(_unassign, hh.n, hh.employer, hh.hours_paid, hh.hours_gig)
    release_failed_members(e)

    # Work each commons-oriented entity needs beyond what its members can do, and how much
    # of a full load it can give each member (members share the work, M3.2).
    entities = f.alive & (firm_attribute(p, f, "shares_work") > 0)
    member_cap = group_sum(hh.member_of, capacity, f.n)
    shortfall = np.where(entities, np.maximum(need - member_cap, 0.0), 0.0)
    ratio = np.minimum(np.divide(need, member_cap, out=np.zeros(member_cap.shape),
                                 where=member_cap > 0), 1.0)
    seeker = np.empty(hh.n, dtype=np.bool_)
    over_halves(_seekers, hh.n, hh.member_of, ratio, seeker)

    # When firms and entities together ask for more work than seekers can give, every
    # employer is rationed in the same proportion: no legal form (and no firm index) has
    # first pick of the labour force.
    supply = float(masked(capacity, seeker).sum())
    asked = float(employee_need.sum() + shortfall.sum())
    if asked > supply > 0:
        employee_need = employee_need * (supply / asked)
        shortfall = shortfall * (supply / asked)

    # Employment from the hiring queue (fixed priority order) of everyone searching; a
    # member who takes a job leaves the entity (M3.3: membership is a choice).
    chosen, firm, share = fill_queue(capacity, in_order(hh.queue, seeker), employee_need)
    left = _take_jobs(hh.employer, hh.hours_paid, hh.member_of, chosen, firm, share, h_std)
    e.period.members_left = float(left)
    if entities.any():
        member_cap = group_sum(hh.member_of, capacity, f.n)
        shortfall = np.where(entities, np.maximum(need - member_cap, 0.0), 0.0)
        staff_entities(e, need, shortfall, member_cap, capacity)


def staff_entities(
    e: Economy, need: np.ndarray, shortfall: np.ndarray, member_cap: np.ndarray,
    capacity: np.ndarray,
) -> None:
    """Commons-oriented entities recruit if members cannot cover the work, else share it.

    `capacity` is each household's s_i * h (see :func:`hire`).
    """
    hh, f = e.state.households, e.state.firms
    h_std = e.params.labour.standard_hours
    if shortfall.sum() > 0:
        available = (hh.employer < 0) & (hh.member_of < 0)
        recruits, firm, _ = fill_queue(capacity, in_order(hh.queue, available), shortfall)
        hh.member_of[recruits] = firm
        member_cap = group_sum(hh.member_of, capacity, f.n)
    ratio = np.minimum(np.divide(need, member_cap, out=np.zeros(member_cap.shape),
                                 where=member_cap > 0), 1.0)
    over_halves(_member_hours, hh.n, hh.hours_paid, hh.member_of, ratio, h_std)


@njit(cache=True, nogil=True)
def _member_hours(lo, hi, hours, member_of, ratio, h_std):  # pragma: no cover - compiled
    """hp_i = h * r_j for every member i of entity j, in place, for households lo..hi."""
    for i in range(lo, hi):
        if member_of[i] >= 0:
            hours[i] = h_std * ratio[member_of[i]]


def income_security(e: Economy, who: np.ndarray | None = None) -> np.ndarray:
    """How far last period's income reached the consumption people defend (1 = secure).

    For the households `who` (indices), or for all.

    Equations:
        sec_i = clip(YDprev_i / (households.need_share * Ybar), 0, 1)
        where YDprev_i is household i's disposable income last period and Ybar last
        period's mean disposable income.
    """
    p, hh = e.params, e.state.households
    need_income = max(p.households.need_share * e.state.agg.mean_income, 1e-12)
    income = hh.previous_disposable if who is None else hh.previous_disposable[who]
    return np.clip(income / need_income, 0.0, 1.0)


def assign_task_work(e: Economy) -> None:
    """Task work through platforms goes to those without a job or membership.

    Job seekers under income pressure log on first, then the others; within each group the
    platform's matching has nothing to do with skill or seniority (a fresh random order
    each period, so task income is unstable). Each takes up to a full load; those not
    matched stay unemployed. (Spreading slivers of tasks over every jobless household would
    make them all "gig workers" with almost no hours, and no one unemployed.)

    The task work asked for comes from every employer (:func:`labour_needs`), whatever
    its form, and is matched by the same queue-filling rule as jobs (:func:`fill_queue`).

    Equations:
        G = sum_j G_j                      (task work asked for by all employers)
        order: idle households sorted by (s_i >= 1, e_i), e_i ~ U(0, 1) each period
        g_i = H * min(1, max(0, G - Z_<i) / (z_i H))   (task hours of the i-th in order)
        S = sum_i z_i g_i                  (effective task work supplied)
        s_i: income security, z_i: skill, H: labour.standard_hours,
        Z_<i: effective capacity of those before i in the order
    """
    hh = e.state.households
    h_std = e.params.labour.standard_hours
    idle = np.flatnonzero((hh.employer < 0) & (hh.member_of < 0))
    total_gig = float(e.period.gig_need.sum())
    if total_gig > 0 and idle.size:
        # Security and capacities are read for the idle only.
        luck = e.rng["labour"].random(idle.size)
        capacity = hh.skill[idle] * h_std
        order = _task_order(income_security(e, idle) >= 1.0, luck, capacity, total_gig)
        place, _, share = fill_queue(capacity, order, np.array([total_gig]))
        hh.hours_gig[idle[place]] = h_std * share
    e.period.gig_served = float((hh.hours_gig * hh.skill).sum())


def _task_order(secure: np.ndarray, luck: np.ndarray, capacity: np.ndarray,
                need: float) -> np.ndarray:
    """The front of ``np.lexsort((luck, secure))`` that task work asked for reaches.

    The insecure first, each group by luck, ties in index order. The order is cut once
    the capacity before the cut covers `need` (with a margin of a millionth): filling the
    queue stops where the need is met, so it never reads past the cut, and sorting the
    rest (most of the idle, when little task work is asked for) would be wasted.
    """
    enough = need * (1.0 + 1e-6)
    first = _front_by_luck(np.flatnonzero(~secure), luck, capacity, enough)
    covered = float(capacity[first].sum())
    if covered >= enough:
        return first
    return np.concatenate((first, _front_by_luck(np.flatnonzero(secure), luck, capacity,
                                                 enough - covered)))


def _front_by_luck(members: np.ndarray, luck: np.ndarray, capacity: np.ndarray,
                   need: float) -> np.ndarray:
    """The start of `members` in the stable order of luck whose capacity covers `need`.

    All of them when it cannot be covered. The k luckiest are found by a partition;
    every member as lucky as the k-th is taken too, so the run is exactly the start of
    the stable order; k doubles until it covers.
    """
    keys, own = luck[members], capacity[members]
    if members.size == 0 or float(own.sum()) < need:
        return members[stable_argsort(keys)]
    k = min(members.size, int(need / max(float(own.mean()), 1e-12) * 1.25) + 64)
    while k < members.size:
        within = np.flatnonzero(keys <= np.partition(keys, k - 1)[k - 1])
        if float(own[within].sum()) >= need:
            return members[within[stable_argsort(keys[within])]]
        k *= 2
    return members[stable_argsort(keys)]


def set_status(e: Economy) -> None:
    """Each household's main activity this period (membership over a job over tasks).

    Equations:
        status_i = member     if i belongs to a live entity
                 = employee   else if i has an employer
                 = gig worker else if hg_i > 0
                 = civic only else if hc_i > 0
                 = unemployed otherwise
        where hg_i and hc_i are household i's task and civic hours.
    """
    hh = e.state.households
    over_halves(_status_kernel, hh.n, hh.status, hh.member_of, hh.employer, hh.hours_gig,
                hh.hours_civic)


@njit(cache=True, nogil=True)
def _status_kernel(lo, hi, status, member_of, employer, gig, civic):  # pragma: no cover
    """set_status's rule for households lo..hi."""
    for i in range(lo, hi):
        if member_of[i] >= 0:
            status[i] = MEMBER
        elif employer[i] >= 0:
            status[i] = EMPLOYEE
        elif gig[i] > 0:
            status[i] = GIG
        elif civic[i] > 0:
            status[i] = CIVIC
        else:
            status[i] = UNEMPLOYED


def count_labour(e: Economy) -> None:
    """Labour actually available to each firm: employees, members and task workers.

    Equations:
        Lab_j = sum_{i at j} s_i * hp_i + G_j * min(1, served / G)
        Lab_j = Lab_j - min(CL_j, Lab_j)
        where Lab_j is the effective labour firm j produces with, s_i and hp_i household
        i's skill and paid hours, G_j firm j's task-work need, G = sum_j G_j, served the
        task labour supplied (assign_task_work) and CL_j the commons work firm j finances
        (hire), which its employees do for the commons rather than for output.
    """
    hh, f = e.state.households, e.state.firms
    f.labour[:] = _labour_at_workplaces(hh.employer, hh.member_of, hh.skill, hh.hours_paid,
                                        f.n)
    gig_need = e.period.gig_need
    total_gig = float(gig_need.sum())
    if total_gig > 0:
        f.labour += gig_need * min(1.0, e.period.gig_served / total_gig)
    f.labour -= np.minimum(f.commons_labour, f.labour)


@njit(cache=True)
def _labour_at_workplaces(employer, member_of, skill, hours, m):  # pragma: no cover
    """sum_{i at j} s_i * hp_i for every workplace j (its employer, else its entity).

    Summed in household order, as ``np.bincount`` sums, so the totals are the same bits
    (those working nowhere go to eight spare slots in turn: no branch, no waiting).
    """
    labour = np.zeros(m + 8)
    for i in range(employer.size):
        at = employer[i] if employer[i] >= 0 else member_of[i]
        labour[at if at >= 0 else m + (i & 7)] += skill[i] * hours[i]
    return labour[:m].copy()
