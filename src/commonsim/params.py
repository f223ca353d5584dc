"""The parameter schema: every key a regime file or `--set` may touch.

Each field says what it is (``kind``): *behavioural* and *technological* parameters are
shared by every regime and calibrated once (docs/calibration.md); *institutional*
parameters are what regimes differ in, and each names the characteristic ID of the essay
that justifies it (``ids``). Units and sources are part of the schema so that the ODD
document can be generated from it.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

Kind = Literal["behavioural", "technological", "institutional", "engine"]

#: Where most plausible ranges come from: the bounds the calibration search may move a
#: parameter within (commonsim.calibration.KNOBS; a test checks they agree).
SEARCH_BOUNDS = "calibration search bounds"


def param(
    default: Any,
    description: str,
    *,
    kind: Kind,
    ids: tuple[str, ...] = (),
    unit: str = "",
    source: str = "",
    ge: float | None = None,
    le: float | None = None,
    gt: float | None = None,
    plausible: tuple[float, float] | None = None,
    plausible_source: str = "",
) -> Any:
    """A schema field carrying its kind, characteristic IDs, unit and source.

    `plausible` is the documented range a robustness study samples a behavioural
    parameter over, with `plausible_source` saying where the range comes from.
    """
    extra = {"kind": kind, "ids": list(ids), "unit": unit, "source": source}
    if plausible is not None:
        extra["plausible"] = list(plausible)
        extra["plausible_source"] = plausible_source
    return Field(default, description=description, ge=ge, le=le, gt=gt,
                 json_schema_extra=extra)


class Section(BaseModel):
    """A group of parameters; unknown keys are errors, assignments are validated."""

    model_config = ConfigDict(extra="forbid", validate_assignment=True)


# -- shared behavioural and technological parameters ------------------------------------


class Households(Section):
    """Behaviour of households: consumption, skills, ownership, time."""
    propensity_income: float = param(
        0.799, "Share of disposable income consumed (alpha1 of Godley & Lavoie)",
        kind="behavioural", unit="1", ge=0, le=1, source="calibrated, docs/calibration.md",
        plausible=(0.5, 0.95), plausible_source=SEARCH_BOUNDS)
    propensity_wealth: float = param(
        0.0574, "Share of opening net financial wealth (deposits less non-mortgage loans plus"
        " equity at book) consumed per year (alpha2)",
        kind="behavioural", unit="1/year", ge=0, le=1, source="calibrated, docs/calibration.md",
        plausible=(0.02, 0.2), plausible_source=SEARCH_BOUNDS)
    propensity_housing: float = param(
        0.06, "Share of opening home equity (the home's price less the mortgage) consumed per"
        " year", kind="behavioural", unit="1/year", ge=0, le=1,
        source="Mian, Rao & Sufi 2013, QJE, 'Household balance sheets, consumption, and the"
        " economic slump': average MPC out of housing wealth 5 to 7 cents",
        plausible=(0.05, 0.07), plausible_source="Mian, Rao & Sufi 2013: 5 to 7 cents")
    need_share: float = param(
        0.226, "Consumption households defend, as a share of their consumption norm (see"
        " need_reference); below it they borrow", kind="behavioural", unit="1", ge=0, le=2,
        source="calibrated, docs/calibration.md",
        plausible=(0.0, 0.8), plausible_source=SEARCH_BOUNDS)
    inflation_loss: float = param(
        1.0, "Share of inflation's loss on net money wealth households take out of the income"
        " they plan consumption on (1: Haig-Simons income in full; 0: money illusion)",
        kind="behavioural", unit="1", ge=0, le=1,
        source="Godley & Lavoie 2007, Monetary Economics, ch. 9-10: consumption depends on"
        " real Haig-Simons disposable income, net of the inflation loss on money held",
        plausible=(0.0, 1.0), plausible_source="assumption: from money illusion to full"
        " inflation accounting")
    need_reference: Literal["own-habit", "mean-income"] = param(
        "own-habit", "What the defended consumption is a share of: own-habit, the household's"
        " own consumption of last year (internal habit); mean-income, last year's mean"
        " disposable income of all households (external, relative-income norm)",
        kind="behavioural",
        source="internal habit on last period's own consumption: Abel 1990, AER 80(2);"
        " Fuhrer 2000, AER 90(3). Habit strength in micro data about 0.1, in macro data"
        " about 0.6, median 0.4 (Havranek, Rusnak & Sokolova 2017, EER 95, meta-analysis of"
        " 567 estimates); the calibrated need_share lies in that range")
    turnover: float = param(
        0.025, "Share of households that retire each year, each replaced in its place by an"
        " entrant household (an heir) with a fresh skill draw (mechanisms/demography.py)",
        kind="behavioural", unit="1/year", ge=0, le=1,
        source="a working life of 40 years (ages 25-64); Eurostat, duration of working life,"
        " EU-27 2022: 36.0 years (lfsi_dwl_a)",
        plausible=(1 / 45, 1 / 35), plausible_source="assumption: working lives of 35 to 45"
        " years")
    skill_sigma: float = param(
        0.4, "Dispersion (log-sd) of initial skill", kind="behavioural", unit="1", ge=0, le=3,
        source="assumption, not searched; compare the earnings Gini 0.68, Kuhn & Rios-Rull"
        " NBER w33823")
    owner_share: float = param(
        0.108, "Share of households that own the proprietary firms and banks",
        kind="behavioural", unit="1", gt=0, le=1,
        source="calibrated, docs/calibration.md (top-1% wealth share, Kuhn & Rios-Rull"
        " NBER w33823)",
        plausible=(0.03, 0.3), plausible_source=SEARCH_BOUNDS)
    ownership_pareto: float = param(
        1.41, "Pareto shape of ownership stakes among owners (lower = more concentrated)",
        kind="behavioural", unit="1", ge=0.5, le=10, source="calibrated, docs/calibration.md",
        plausible=(1.05, 3.0), plausible_source=SEARCH_BOUNDS)
    initial_deposits: float = param(
        6.91, "Mean initial deposits per household, in years of mean wage",
        kind="behavioural", unit="wage-years", ge=0, le=100,
        source="initial condition (assumption); finals are measured after 45 years",
        plausible=(0.5, 8.0), plausible_source=SEARCH_BOUNDS)
    leisure: float = param(
        0.8, "Free time a full-time worker still has beyond paid work, sleep and household"
        " necessities, in standard working years (2,000 hours)",
        kind="behavioural", unit="standard years", ge=0, le=3,
        source="American Time Use Survey 2007 (BLS): employed adults aged 25-54 without"
        " children spend 4.4 hours a day in leisure and sports; 4.4 x 365 = 1,606 hours,"
        " 0.80 of a 2,000-hour year")
    volunteer_share: float = param(
        0.306, "Civic participation rate of a household with full income security and a"
        " full-time worker's free time (households.leisure); mechanisms/time_use.py",
        kind="behavioural", unit="1", ge=0, le=1,
        source="calibrated so that full-time workers in proprietary-weak-labour take part at"
        " 28% (mean income security 0.915 there; 3 seeds x 2,000 households x 40 years):"
        " BLS, Volunteering in the United States 2010 (CPS September supplement), 28% of"
        " full-time workers volunteered (33% of part-time workers, 24% of the unemployed,"
        " 26.3% of all adults)",
        plausible=(0.25, 0.37), plausible_source="assumption: +-0.06 around the default")
    civic_time_elasticity: float = param(
        0.34, "Elasticity of the civic participation rate with respect to free time",
        kind="behavioural", unit="1", ge=0, le=5,
        source="BLS, Volunteering in the United States 2010: part-time workers volunteer at"
        " 33%, full-time at 28%; a half-time job leaves 1.3 standard years of free time"
        " against 0.8, so ln(33/28) / ln(1.3/0.8) = 0.34",
        plausible=(0.0, 0.7), plausible_source="assumption: none to double the default")
    conditional_discount: float = param(
        0.07, "Share of conditional income (unemployment benefits, task and peer pay) that"
        " does not count towards the income security behind civic participation",
        kind="behavioural", unit="1", ge=0, le=1,
        source="calibrated so that the unemployed take part at 24/28 of full-time workers'"
        " rate in proprietary-weak-labour (BLS, Volunteering in the United States 2010: 24%"
        " against 28%; 3 seeds x 2,000 households x 40 years: ratio 0.92 at 0, 0.70 at"
        " 0.25);"
        " direction from the Finnish basic-income trial 2017-18 (Ministry of Social Affairs"
        " and Health, final evaluation, May 2020): the same money paid unconditionally"
        " raised wellbeing and lowered stress",
        plausible=(0.0, 1.0), plausible_source="assumption: its whole range")
    civic_propensity: float = param(
        0.068, "Share of free time (leisure plus the part of a standard year not sold) a"
        " volunteer with secure income gives to civic contribution",
        kind="behavioural", unit="1", ge=0, le=1,
        source="CPS volunteer supplement via CNCS, Volunteering in America 2010: 8.1 billion"
        " hours from 62.8 million volunteers, 129 hours per volunteer a year; ATUS 2004"
        " (BLS): 5.2 hours of leisure a day on average, 1,900 hours a year; 129 / 1,900 ="
        " 0.068. Formal volunteering only (online peer production and informal help are not"
        " counted), so a lower bound. Applied to the free time left after paid commons"
        " work (mechanisms/time_use.py)",
        plausible=(0.034, 0.136), plausible_source="assumption: half to double the default")
    learning_rate: float = param(
        0.02, "Skill gained per year of knowledge-rich work", kind="behavioural",
        unit="1/year", ge=0, le=1, source="assumption; robustness measured, not calibrated",
        plausible=(0.01, 0.04), plausible_source="assumption: half to double the default")
    skill_decay: float = param(
        0.00542, "Skill lost per year of routine line work (to the managerial layer, M1.2) or"
        " idleness",
        kind="behavioural", unit="1/year", ge=0, le=1, source="calibrated, docs/calibration.md",
        plausible=(0.002, 0.02), plausible_source=SEARCH_BOUNDS)
    skill_ceiling: float = param(
        2.0, "Highest skill a household can learn to (learning slows as skill nears it)",
        kind="behavioural", unit="1", ge=0.1, le=100,
        source="calibrated, docs/calibration.md (the opening 90th-percentile skill is about"
        " 1.5 at log-sd 0.4); learning curves approach an asymptote (Heathcote, Brown &"
        " Mewhort 2000,"
        " Psychonomic Bulletin & Review 7(2)) and life-cycle wages about double over a"
        " career in US data (Lagakos et al. 2018, JPE 126(2))",
        plausible=(2.0, 6.0), plausible_source=SEARCH_BOUNDS)
    debt_service_threshold: float = param(
        0.3, "Debt service above this share of disposable income marks a household"
        " debt-dependent", kind="behavioural", unit="1", ge=0, le=1,
        source="convention in household-finance studies; see docs/ODD.md")


class Technology(Section):
    """Production, knowledge, capital and the environment."""
    productivity: float = param(
        1.0, "Output per effective labour-year (skill 1, full time)", kind="technological",
        unit="output/labour-year", ge=0, le=1e6,
        source="normalisation: output is counted in yearly outputs of a skill-1 worker")
    capital_output: float = param(
        2.5, "Capital needed per unit of output", kind="technological", unit="years", ge=0,
        le=20, source="assumption; with depreciation 0.075 gives investment near 19% of GDP"
        " (Caiani et al. 2016)")
    depreciation: float = param(
        0.075, "Depreciation of physical capital", kind="technological", unit="1/year", ge=0,
        le=1, source="with capital_output 2.5 gives investment near 19% of GDP (Caiani et al."
        " 2016)")
    forecast_noise: float = param(
        0.05, "Log-sd of firms' demand forecast errors", kind="behavioural", unit="1", ge=0,
        le=2, source="assumption",
        plausible=(0.025, 0.1), plausible_source="assumption: half to double the default")
    investment_adjust: float = param(
        0.1, "Share of the gap between desired and actual capital closed each year",
        kind="behavioural", unit="1/year", ge=0, le=1, source="assumption",
        plausible=(0.05, 0.2), plausible_source="assumption: half to double the default")
    forecast_adjust: float = param(
        0.5, "Weight of the latest sales in adaptive demand expectations",
        kind="behavioural", unit="1", ge=0, le=1, source="assumption",
        plausible=(0.25, 0.75), plausible_source="assumption: +-0.25 around the default")
    knowledge_elasticity: float = param(
        0.08, "Output elasticity of the knowledge stock a producer can use (public,"
        " proprietary where it has access, and the commons): one rule for every form of"
        " knowledge", kind="technological", unit="1", ge=0, le=1,
        source="Hall, Mairesse & Mohnen (2010), 'Measuring the returns to R&D', Handbook"
        " of the Economics of Innovation vol. 2, ch. 24: estimated output elasticities of"
        " R&D capital range from about 0.01 to 0.25, centred near 0.08 (Griliches'"
        " knowledge-capital model)",
        plausible=(0.01, 0.25), plausible_source="the survey's range of estimates")
    business_rd: float = param(
        0.0258, "R&D performed by businesses, share of GDP: it builds the proprietary"
        " knowledge stock, enclosed by IP where ip.enabled", kind="technological",
        unit="1", ge=0, le=1,
        source="NSF NCSES InfoBrief 24-317 (2024): businesses performed $609 bn of the"
        " $789 bn of US R&D in 2021; US GDP 2021 $23.59 tn (BEA)",
        plausible=(0.015, 0.035), plausible_source="OECD business R&D intensities of large"
        " economies (assumption: around the US figure)")
    public_rd: float = param(
        0.0077, "R&D performed by governments, universities and non-profits, share of GDP:"
        " it builds the published knowledge stock every producer uses",
        kind="technological", unit="1", gt=0, le=1,
        source="NSF NCSES InfoBrief 24-317 (2024): $180 bn of the $789 bn of US R&D in 2021"
        " was performed outside businesses; US GDP 2021 $23.59 tn (BEA)",
        plausible=(0.004, 0.012), plausible_source="assumption: half to one and a half"
        " times the US figure")
    knowledge_depreciation: float = param(
        0.15, "Share of every knowledge stock (public, proprietary, commons) that becomes"
        " obsolete each year", kind="technological", unit="1/year", gt=0, le=1,
        source="the conventional R&D capital depreciation rate used by Griliches and by BEA's"
        " R&D satellite account; Li & Hall (2020, Review of Income and Wealth 66(1)) find"
        " 10-40% by industry",
        plausible=(0.1, 0.3), plausible_source="Li & Hall (2020) industry estimates")
    open_design_saving: float = param(
        0.2, "Share of materials per unit of output saved when the designs in use are all in"
        " the commons (open design, M3.4); scaled by access to the commons",
        kind="technological", ids=("M3.4",), unit="1", ge=0, le=1,
        source="assumption anchored on product studies: making polymer products from open"
        " designs on open-source 3-D printers cut their cumulative energy demand by 41-64%"
        " (Kreiger & Pearce 2013, ACS Sustainable Chemistry & Engineering 1(12)); no"
        " economy-wide figure was found, and most output is not such products, so the"
        " default is about a third to a half of that",
        plausible=(0.0, 0.4), plausible_source="assumption: none to double the default")
    damage_intensity: float = param(
        1.0, "Environmental damage per unit of output produced, before abatement",
        kind="technological", unit="damage/output", ge=0, le=1e6)
    abatement_cost: float = param(
        0.074, "Cost of abating all damage, as a share of output (theta1 of the abatement"
        " cost curve theta1 * mu^theta2)", kind="technological", unit="output/output",
        ge=1e-9, le=1e6,
        source="DICE-2016R (Nordhaus 2017): backstop price 550 $/tCO2 times emissions"
        " intensity 0.35 tCO2 per $1000 of output, over theta2 = 2.6: 0.55 * 0.35 / 2.6 ="
        " 0.074")
    abatement_exponent: float = param(
        2.6, "Exponent theta2 of the abatement cost curve theta1 * mu^theta2",
        kind="technological", unit="1", gt=1, le=10,
        source="DICE-2016R (Nordhaus 2017), expcost2 = 2.6")


class Finance(Section):
    """Interest rates, credit and the payout of profits."""
    loan_rate: float = param(0.06, "Interest rate on bank loans", kind="behavioural",
                             unit="1/year", ge=0, le=1,
                             source="assumption: a lending spread of 5 points over deposits")
    deposit_rate: float = param(0.01, "Interest rate on deposits", kind="behavioural",
                                unit="1/year", ge=0, le=1, source="assumption")
    bond_rate: float = param(0.03, "Interest rate on state bonds", kind="behavioural",
                             unit="1/year", ge=0, le=1, source="assumption")
    policy_rule: Literal["fixed", "taylor"] = param(
        "fixed", "How the policy rate is set: fixed (at finance.bond_rate) or by Taylor's"
        " rule; deposit and loan rates keep their spreads over it (mechanisms/prices.py)",
        kind="institutional", ids=("M1.5", "M1.6"),
        source="Taylor 1993, 'Discretion versus policy rules in practice', Carnegie-Rochester"
        " Conference Series 39")
    taylor_neutral: float = param(
        0.02, "Real policy rate at target inflation and no unemployment gap (r*)",
        kind="behavioural", unit="1/year", ge=-0.05, le=0.1, source="Taylor 1993: 2%",
        plausible=(0.0, 0.03), plausible_source="assumption: Laubach-Williams estimates"
        " 0-3% (1990-2020)")
    taylor_inflation_target: float = param(
        0.02, "Inflation the policy rule aims at (pi*)", kind="institutional",
        ids=("M1.5", "M1.6"), unit="1/year", ge=-0.05, le=0.2, source="Taylor 1993: 2%")
    taylor_inflation: float = param(
        0.5, "Rise of the real policy rate per point of inflation above target",
        kind="behavioural", unit="1", ge=0, le=5, source="Taylor 1993: 0.5",
        plausible=(0.5, 1.5), plausible_source="Taylor 1993 (0.5); Taylor 1999 discusses 1.5")
    taylor_gap: float = param(
        0.5, "Rise of the policy rate per point of output gap", kind="behavioural", unit="1",
        ge=0, le=5, source="Taylor 1993: 0.5",
        plausible=(0.5, 1.0), plausible_source="Taylor 1993 (0.5); Taylor 1999 (1.0)")
    okun: float = param(
        2.0, "Output gap per point of unemployment above its reference (Okun's law)",
        kind="behavioural", unit="1", ge=0, le=5,
        source="Okun 1962, 'Potential GNP: its measurement and significance': about 3;"
        " Ball, Leigh & Loungani 2017 (JMCB): about 2 for the US",
        plausible=(1.5, 3.0), plausible_source="Okun 1962; Ball, Leigh & Loungani 2017")
    unemployment_reference: float = param(
        0.05, "Unemployment at which the output gap is zero (for the policy rule) and the"
        " wage curve gives workers their bargained share", kind="behavioural", unit="1",
        ge=0.005, le=0.5,
        source="assumption: near the CBO noncyclical rate of unemployment, 4.4-5% (2000-2024)",
        plausible=(0.03, 0.08), plausible_source="assumption")
    repayment: float = param(0.355, "Share of outstanding non-mortgage loans repaid each year",
                             kind="behavioural", unit="1/year", ge=0, le=1,
                             source="calibrated, docs/calibration.md",
                             plausible=(0.1, 0.5), plausible_source=SEARCH_BOUNDS)
    credit_limit: float = param(
        5.98, "Most a household may owe, in years of its disposable income; debt above it"
        " is defaulted on and written off down to the limit",
        kind="behavioural", unit="years", ge=0, le=100,
        source="calibrated, docs/calibration.md (OECD household debt up to 236% of"
        " disposable income, 2024)",
        plausible=(0.5, 6.0), plausible_source=SEARCH_BOUNDS)
    household_bills: bool = param(
        False, "Households split their wealth between money and state bills held through"
        " the bank, which acts as the consolidated central bank (Godley & Lavoie's model PC;"
        " mechanisms/portfolio.py); bond interest is then paid at the start of the period",
        kind="engine")
    bills_lambda0: float = param(
        0.635, "Share of wealth held in bills at a zero interest rate and no income (lambda0)",
        kind="behavioural", unit="1", ge=0, le=1,
        source="Godley & Lavoie 2007, Monetary Economics, ch. 4, model PC")
    bills_lambda1: float = param(
        5.0, "Rise of the bills share per unit of the bills rate (lambda1)",
        kind="behavioural", unit="1/(1/year)", ge=0, le=1000,
        source="Godley & Lavoie 2007, Monetary Economics, ch. 4, model PC")
    bills_lambda2: float = param(
        0.01, "Money held for transactions: fall of the bills share per unit of the ratio of"
        " disposable income to wealth (lambda2)", kind="behavioural", unit="1", ge=0, le=10,
        source="Godley & Lavoie 2007, Monetary Economics, ch. 4, model PC")
    exit_periods: int = param(
        1, "Periods in a row a firm or entity may stay in financial distress (overdraft it"
        " has no credit for, or net debt beyond capital plus a year of sales) before it"
        " exits (mechanisms/entities.py: one exit rule for every form)",
        kind="institutional", ids=("M2.4",), unit="years", ge=1, le=20,
        source="insolvency law: assumption of exit at the first year of default, the rule"
        " every form had before one exit rule; a longer procedure (e.g. a reorganisation"
        " year) is a legal institution")
    payout: float = param(1.0, "Share of after-tax profit, net of net investment, paid out as"
                          " dividends",
                          kind="behavioural", unit="1", ge=0, le=1,
                          source="assumption: retained earnings finance net investment only")
    cash_target: float = param(
        0.2, "Deposits a firm in profit keeps as a cash buffer, as a share of its capital;"
        " cash beyond it is paid to its owners with the period's dividends",
        kind="behavioural", unit="1", ge=0, le=10,
        source="Bates, Kahle & Stulz 2009, J. Finance 64(5), 'Why do U.S. firms hold so"
        " much more cash than they used to?': mean cash-to-assets ratio of US industrial"
        " firms 10.5% in 1980, 23.2% in 2006",
        plausible=(0.1, 0.25), plausible_source="Bates, Kahle & Stulz 2009: 1980 to 2006")


class Housing(Section):
    """Homes and mortgages."""
    enabled: bool = param(
        True, "Households own homes, bought and sold among themselves with mortgages",
        kind="engine")
    ownership_rate: float = param(
        0.656, "Homes per household (the fixed owner-occupied stock; each household owns at"
        " most one)", kind="behavioural", unit="1", ge=0, le=1,
        source="US homeownership rate 65.6% (Q1-Q3 2024), Census Bureau, Housing Vacancies and"
        " Homeownership")
    price_to_output: float = param(
        2.56, "Price of a home, in years of output (GDP) per household, at the opening and"
        " as the level the price approaches each year (housing.price_adjust)",
        kind="behavioural", unit="years", ge=0,
        le=100,
        source="US households' owner-occupied real estate $48.06tn (Q4 2024, Federal Reserve"
        " Z.1, series HOOREVLMHMV) over GDP $28.65tn (Q2 2024, BEA) = 1.68 years of GDP, over"
        " 65.6% of households owning: 2.56 years of GDP per household per home")
    price_adjust: float = param(
        0.2, "Share of the gap between a home's price and price_to_output years of this"
        " year's nominal output per household closed each year (0: price fixed)",
        kind="behavioural", unit="1/year", ge=0, le=1,
        source="assumption: house prices follow nominal income with a lag of a few years"
        " (mean lag 1/0.2 = 5 years)",
        plausible=(0.1, 0.5), plausible_source="assumption: mean lag 2 to 10 years")
    turnover: float = param(
        0.047, "Share of homeowners who sell and move each year", kind="behavioural",
        unit="1/year", ge=0, le=1,
        source="4.06 million existing-home sales in 2024 (National Association of Realtors)"
        " over 86.62 million owner-occupied homes (Census HVS, Q3 2024): 4.7% a year")
    down_payment: float = param(
        0.18, "Share of the price a buyer pays from deposits (the rest is the mortgage)",
        kind="behavioural", unit="1", ge=0, le=1,
        source="median down payment of all buyers 18% (9% first-time, 23% repeat), National"
        " Association of Realtors, Profile of Home Buyers and Sellers 2024")
    mortgage_term: int = param(
        30, "Years over which a mortgage is repaid in equal annual payments (an annuity)",
        kind="behavioural", unit="years", ge=1, le=100,
        source="the 30-year fixed-rate mortgage is chosen by nearly 90% of US homebuyers"
        " (Freddie Mac)")
    payment_to_income: float = param(
        0.45, "Most a buyer's mortgage payment plus other debt service may take of its"
        " disposable income (the bank's lending rule)", kind="behavioural", unit="1", ge=0,
        le=10, source="Fannie Mae Selling Guide B3-6-02: maximum total debt-to-income 36%,"
        " up to 45% with credit score and reserves (50% through Desktop Underwriter)")


# -- institutions ----------------------------------------------------------------------


class Labour(Section):
    """Bargaining, hours and the managerial layer."""
    bargaining: float = param(
        0.584, "Labour's share of value added won in wage bargaining",
        kind="institutional", ids=("M1.5", "M1.6"), unit="1", ge=0, le=1,
        source="US BLS nonfarm business labour share: 65.8% (1947, capital-labour balance),"
        " 58.4% (2016, labour weakness)")
    manager_share: float = param(
        0.07, "Share of the workforce in the managerial-engineering layer",
        kind="institutional", ids=("M1.2",), unit="1", ge=0, le=1,
        source="US BLS Occupational Employment Statistics: management occupations 7,090,790"
        " jobs in May 2016 (5.1% of about 140 million; construction's 5.6 million were 4%),"
        " architecture and engineering occupations about 2.5 million (2,521,630 in 2008),"
        " 1.8%: about 7%")
    manager_premium: float = param(
        0.5, "Pay premium of the managerial-engineering layer over skill-equivalent line work",
        kind="institutional", ids=("M1.2",), unit="1", ge=0, le=10,
        source="assumption, bracketed by the US BLS National Compensation Survey (1997; The"
        " Economics Daily, 20 Apr 2000, 'Pay premium grows through the ranks'): first-line"
        " supervisors earn 13% more than team leaders, second-line managers 59% more than"
        " first-line supervisors")
    deskilling: bool = param(
        True, "Line work is routine (skills decay) while managers learn (M1.2)",
        kind="institutional", ids=("M1.2",))
    standard_hours: float = param(
        1.0, "Hours of a full-time job, as a share of a standard year", kind="institutional",
        ids=("M3.11",), unit="1", ge=0.1, le=1)
    wage_catch_up: float = param(
        0.463, "Share of the gap between workers' target wage share and the wage share of last"
        " year that money wages close in a year (Omega of the conflicting-claims model)",
        kind="behavioural", unit="1/year", ge=0, le=1,
        source="calibrated, docs/calibration.md; the form is Rowthorn 1977 (CJE) and Lavoie"
        " 2014, Post-Keynesian"
        " Economics, ch. 8 (conflicting claims)",
        plausible=(0.2, 1.0), plausible_source=SEARCH_BOUNDS)
    wage_indexation: float = param(
        0.9, "Share of last year's price inflation that money wages make up",
        kind="behavioural", unit="1", ge=0, le=1,
        source="calibrated, docs/calibration.md; Lavoie 2014 ch. 8: incomplete indexation"
        " gives steady inflation"
        " under conflicting claims (full indexation an accelerating one)",
        plausible=(0.3, 0.9), plausible_source=SEARCH_BOUNDS)
    wage_cut_limit: float = param(
        0.0, "Most the money wage falls in a year (downward nominal wage rigidity; 0: money"
        " wages are not cut)", kind="behavioural", unit="1/year", ge=0, le=1,
        source="Akerlof, Dickens & Perry 1996, BPEA 1996(1), 'The macroeconomics of low"
        " inflation'; Dickens et al. 2007, JEP 21(2), 'How wages change': nominal wage cuts"
        " are rare, even in slumps",
        plausible=(0.0, 0.05), plausible_source="assumption: up to 5% a year")
    wage_curve: float = param(
        0.1, "Elasticity of workers' target wage share to the unemployment rate (the wage"
        " curve)", kind="behavioural", unit="1", ge=0, le=1,
        source="Blanchflower & Oswald 1994, The Wage Curve (MIT Press): elasticity about -0.1",
        plausible=(0.05, 0.2), plausible_source="Blanchflower & Oswald 1995, JEP 9(3);"
        " Nijkamp & Poot 2005 meta-analysis (about -0.07)")


class IP(Section):
    """Proprietary knowledge and its rent (M1.3)."""
    enabled: bool = param(True, "Codified knowledge is proprietary; users pay rent",
                          kind="institutional", ids=("M1.3",))
    rent_rate: float = param(
        0.05, "IP rent paid by non-owning firms, as a share of their sales",
        kind="institutional", ids=("M1.3",), unit="1", ge=0, le=1)
    owner_firms: float = param(
        0.2, "Share of proprietary firms that own the knowledge stock", kind="institutional",
        ids=("M1.3",), unit="1", ge=0, le=1)


class State(Section):
    """Taxes, transfers, purchases and the Partner State's institutions."""
    purchases_per_household: float = param(
        0.0, "Fixed government purchases per household (SIM's G divided by households)",
        kind="institutional", ids=("M1.5",), unit="money/household/year", ge=0, le=1e9)
    public_services: float = param(
        0.15, "Public services bought, as a share of last year's GDP", kind="institutional",
        ids=("M1.5", "M2.6"), unit="1", ge=0, le=1)
    security: float = param(
        0.03, "Security (repressive) spending, as a share of last year's GDP",
        kind="institutional", ids=("M2.6",), unit="1", ge=0, le=1)
    income_tax: float = param(
        0.2, "Flat tax rate on household income", kind="institutional", ids=("M1.5",),
        unit="1", ge=0, le=1)
    top_tax: float = param(
        0.1, "Extra rate on income above twice the mean (progressivity)",
        kind="institutional", ids=("M1.5",), unit="1", ge=0, le=1)
    profit_tax: float = param(0.21, "Tax rate on firms' profits", kind="institutional",
                              ids=("M1.5",), unit="1", ge=0, le=1)
    benefit_replacement: float = param(
        0.5, "Unemployment benefit as a share of the mean wage", kind="institutional",
        ids=("M1.5", "M1.6"), unit="1", ge=0, le=2)
    support_to_finance: float = param(
        0.0, "Transfers to the financial sector, as a share of last year's GDP",
        kind="institutional", ids=("M1.6", "M2.6"), unit="1", ge=0, le=1)
    commons_support: float = param(
        0.0, "State funding of for-benefit commons institutions, share of GDP",
        kind="institutional", ids=("M2.6", "M3.6"), unit="1", ge=0, le=1)
    civic_infrastructure: float = param(
        0.0, "Partner State budget for civic infrastructure, share of GDP",
        kind="institutional", ids=("M3.6",), unit="1", ge=0, le=1)
    coproduction: float = param(
        0.0, "Share of civic hours spent co-producing public services with the state",
        kind="institutional", ids=("M3.10",), unit="1", ge=0, le=1)
    basic_income: float = param(
        0.0, "Basic income per household, as a share of last year's median disposable income",
        kind="institutional", ids=("M3.11",), unit="1", ge=0, le=2)
    externality_tax: float = param(
        0.0, "Tax per unit of environmental damage (in output units)", kind="institutional",
        ids=("M3.8",), unit="money/damage", ge=0, le=100)
    commons_levy: float = param(
        0.0, "Commons-benefit levy on the value for-profits draw from the commons",
        kind="institutional", ids=("M3.8",), unit="1", ge=0, le=1)
    fiscal_rule: Literal["none", "debt-target"] = param(
        "debt-target", "debt-target: tax rates move each year so that net public debt returns"
        " towards debt_target x GDP over debt_horizon years (mechanisms/fiscal_rule.py),"
        " so every programme is paid inside the rule; none: statutory rates only (the"
        " validation presets, whose published models fix their tax rates)",
        kind="institutional", ids=("M1.5", "M1.6", "M2.6", "M3.11"),
        source="the EU debt benchmark, Regulation (EU) No 1177/2011, art. 2(1a)")
    debt_target: float = param(
        0.6, "Net public debt the fiscal rule steers towards, as a share of GDP",
        kind="institutional", ids=("M1.5", "M1.6", "M2.6", "M3.11"), unit="1", ge=0, le=5,
        source="the 60% reference value of the Maastricht Treaty, Protocol No 12 on the"
        " excessive deficit procedure, art. 1")
    debt_horizon: float = param(
        20.0, "Years over which the fiscal rule closes the gap between debt and its target"
        " (the gap shrinks by 1/horizon a year)", kind="institutional",
        ids=("M1.5", "M1.6", "M2.6", "M3.11"), unit="years", ge=1, le=200,
        source="the EU debt benchmark: the excess over 60% of GDP reduced by 1/20 a year,"
        " Regulation (EU) No 1177/2011, art. 2(1a)")
    fiscal_effort: float = param(
        0.005, "Most the fiscal rule changes tax revenue in one year, as a share of GDP",
        kind="institutional", ids=("M1.5", "M1.6", "M2.6", "M3.11"), unit="1/year", ge=0,
        le=1, source="the Stability and Growth Pact's benchmark adjustment of 0.5% of GDP a"
        " year, Regulation (EC) No 1466/97 as amended by Regulation (EU) No 1175/2011,"
        " art. 5(1)")
    rule_taxes: Literal["income", "profit", "income-and-profit"] = param(
        "income", "Which tax rates the fiscal rule moves (one common change of rate)",
        kind="institutional", ids=("M1.5", "M1.6", "M3.11"))


class Platforms(Section):
    """Platforms: task work, peer exchange and attention (M2.2, M2.3)."""
    enabled: bool = param(False, "Proprietary platforms intermediate gig work, peer exchange"
                          " and attention", kind="institutional", ids=("M2.2", "M2.3"))
    take_rate: float = param(
        0.2, "Platform's cut of gig payments and peer exchanges", kind="institutional",
        ids=("M2.2", "M2.3"), unit="1", ge=0, le=1,
        source="Amazon Mechanical Turk fee 20% (July 2015); Uber ~21-23% of bookings"
        " (2020-21); app stores 15-30%")
    crowdsourcing: float = param(
        0.1, "Share of firms' labour demand met by task work through platforms",
        kind="institutional", ids=("M2.3",), unit="1", ge=0, le=1)
    peer_exchange: float = param(
        0.03, "Share of household consumption bought from other households via platforms"
        " when every household is on the platform (scaled by the users' share: each user's"
        " benefit grows with the number of others, Metcalfe)",
        kind="institutional", ids=("M2.2",), unit="1", ge=0, le=1)
    attention_rate: float = param(
        0.02, "Firms' advertising spend on platforms, as a share of their sales, when every"
        " household is on the platform (scaled by the users' share squared: Metcalfe)",
        kind="institutional", ids=("M2.2",), unit="1", ge=0, le=1)
    ownership: Literal["investors", "users", "workers"] = param(
        "investors", "Who owns the platform and receives its distributed surplus: investors"
        " by their stakes, or, as a platform cooperative, its users (patronage refunds in"
        " proportion to the fees their use generated) or its workers (in proportion to their"
        " task and peer earnings)", kind="institutional", ids=("M2.2", "M3.2", "M3.9"),
        source="platform cooperatives: Stocksy United (artist-owned, royalties plus"
        " dividends), Fairbnb.coop, CoopCycle, Resonate")


class Commons(Section):
    """The commons pool and its for-benefit institutions."""
    enabled: bool = param(False, "A commons pool exists and every producer may draw on it",
                          kind="institutional", ids=("M2.1",))
    firm_funded: float = param(
        0.02, "Share of proprietary firms' paid labour assigned to commons work",
        kind="institutional", ids=("M2.4",), unit="1", ge=0, le=1)
    capital_donations: float = param(
        0.01, "Share of firms' profit given to for-benefit institutions",
        kind="institutional", ids=("M2.5",), unit="1", ge=0, le=1)
    contributor_donations: float = param(
        0.005, "Share of contributors' income given to for-benefit institutions",
        kind="institutional", ids=("M2.5", "M3.5"), unit="1", ge=0, le=1)
    contributor_governance: bool = param(
        False, "For-benefit institutions are governed by contributors, not by their funders",
        kind="institutional", ids=("M3.5",))


class Cooperatives(Section):
    """Commons-oriented entities, their statutes and phyles."""
    enabled: bool = param(False, "Contributors found commons-oriented cooperative entities",
                          kind="institutional", ids=("M2.4", "M3.2"))
    founding_rate: float = param(
        0.002, "New commons-oriented entities per civic contributor per year",
        kind="behavioural", unit="1/year", ge=0, le=1)
    founders: int = param(5, "Members of a new entity at its founding", kind="behavioural",
                          unit="households", ge=1, le=1000)
    max_entities: int = param(200, "Most commons-oriented entities alive at once",
                              kind="engine", unit="entities", ge=0, le=100000)
    credit: bool = param(
        False, "Banks lend to commons-oriented entities on the same terms as to firms",
        kind="institutional", ids=("M2.4", "M3.6"))
    pay_ratio: float = param(
        6.0, "Highest pay over lowest within a cooperative", kind="institutional",
        ids=("M3.2",), unit="1", ge=1, le=1000,
        source="Mondragon: at most ~6x (originally 3:1), press reports")
    to_members: float = param(0.4, "Statutory share of surplus to members' accounts",
                              kind="institutional", ids=("M3.3",), unit="1", ge=0, le=1)
    to_commons: float = param(0.2, "Statutory share of surplus to the commons",
                              kind="institutional", ids=("M3.3",), unit="1", ge=0, le=1)
    to_solidarity: float = param(0.1, "Statutory share of surplus to the solidarity fund",
                                 kind="institutional", ids=("M3.5",), unit="1", ge=0, le=1)
    phyles: bool = param(
        False, "Entities may join a phyle: a federation whose members pool part of their"
        " surplus, insure and back each other's credit and share their know-how in the"
        " commons (mechanisms/phyles.py)", kind="institutional", ids=("M3.3",))
    phyle_insurance: float = param(
        0.05, "Share of phyle members' surplus pooled for mutual insurance",
        kind="institutional", ids=("M3.3",), unit="1", ge=0, le=1,
        source="below Mondragon's pooled shares, on purpose: its cooperatives pay 10% of"
        " profits to the central investment fund and pool 15-40% within sectoral groups"
        " for joint projects and to cushion members' losses (Ridley-Duff & Bull 2011,"
        " Understanding Social Enterprise, case 6.3); the phyle's fund here only covers"
        " overdrafts, a narrower purpose (assumption)")
    phyle_sharing: float = param(
        0.05, "Share of phyle members' effective labour codified into the joint commons pool"
        " (designs and know-how published as members work)", kind="institutional",
        ids=("M3.3",), unit="1", ge=0, le=1,
        source="assumption; order of magnitude of the work that goes into codified"
        " knowledge: businesses spend 2.6% of GDP, about 3.4% of their value added, on R&D"
        " (NSF NCSES 24-317, 2021), which phyle members would publish in the joint pool;"
        " no measured figure for federations found (plausible 0.02-0.1)")
    phyle_prior_failure: float = param(
        0.1, "Yearly failure rate entities assume before any entity-year is observed (the"
        " prior of the phyle membership rule, worth phyle_prior_years of experience)",
        kind="behavioural", unit="1/year", ge=0, le=1,
        source="BLS Business Employment Dynamics: about half of new establishments survive"
        " five years, roughly 10% failing a year",
        plausible=(0.05, 0.2), plausible_source="assumption: half to double the default")
    phyle_prior_years: float = param(
        10.0, "Entity-years of experience the prior failure rate is worth", kind="behavioural",
        unit="entity-years", ge=0, le=1e6, source="assumption")
    investor_cap: float = param(
        1.0, "Most investors may receive per year, as a share of the firm's book equity"
        " (1 = no cap)", kind="institutional", ids=("M3.9",), unit="1/year", ge=0, le=1)


class Solidarity(Section):
    """Solidarity funds and their income floor (M3.5)."""
    enabled: bool = param(False, "Solidarity funds smooth commoners' incomes",
                          kind="institutional", ids=("M3.5",))
    floor: float = param(0.6, "Income floor for commoners, share of the median income",
                         kind="institutional", ids=("M3.5",), unit="1", ge=0, le=2)
    state_match: float = param(
        1.0, "State contribution per unit contributed by market entities",
        kind="institutional", ids=("M3.5",), unit="1", ge=0, le=100)


class Market(Section):
    """Coordination and preferences in the goods market."""
    coordination: float = param(
        0.0, "Share of producers that open their books to the open supply chain: they plan"
        " from the pooled demand signals of every open book (mechanisms/expectations.py)",
        kind="institutional", ids=("M3.4",), unit="1", ge=0, le=1)
    ethical_preference: float = param(
        0.0, "Extra weight buyers give commons-oriented entities", kind="institutional",
        ids=("M3.7",), unit="1", ge=0, le=100)
    procurement_preference: float = param(
        0.0, "Extra weight public procurement gives commons-oriented entities",
        kind="institutional", ids=("M3.7",), unit="1", ge=0, le=100)
    markup_step: float = param(
        0.0328, "Scale of a firm's yearly markup revision: mu changes by a factor 1 +/- |N(0,"
        " markup_step)| (up when inventories are below target, down when above)",
        kind="behavioural", unit="1/year", ge=0, le=0.5,
        source="calibrated, docs/calibration.md; the rule is Caiani et al. 2016, JEDC 69,"
        " 'Agent based-stock flow"
        " consistent macroeconomics: towards a benchmark model' (markup revised by a"
        " folded-normal step on the inventory signal, quarterly there, yearly here)",
        plausible=(0.01, 0.1), plausible_source=SEARCH_BOUNDS)
    inventory_target: float = param(
        0.1, "Inventories firms aim to hold, as a share of expected yearly sales",
        kind="behavioural", unit="years", ge=0, le=2,
        source="US Census Bureau, Manufacturing and Trade Inventories and Sales: total"
        " business inventories/sales ratio 1.3-1.4 months (2015-2024), about 0.11 of a year",
        plausible=(0.05, 0.2), plausible_source="assumption: half to double")
    inventory_adjust: float = param(
        0.25, "Share of the gap between target and actual inventories firms plan to close in"
        " a year (gamma)", kind="behavioural", unit="1/year", ge=0, le=1,
        source="Godley & Lavoie 2007, Monetary Economics, ch. 9, model DIS: gamma = 0.25",
        plausible=(0.1, 0.5), plausible_source="assumption: around Godley & Lavoie's value")
    max_markup: float = param(
        4.0, "Highest markup on normal unit cost a firm may set (the rule's markups stay in"
        " [0, max_markup])", kind="behavioural", unit="1", gt=0, le=100,
        source="assumption: price at most five times normal unit cost")


class Politics(Section):
    """The political rule: institutions move towards what weighted constituencies favour."""
    enabled: bool = param(
        False, "Institutions listed in mechanisms/politics.py move each year, within bounds,"
        " towards the level the weighted constituencies favour (off: the regime's levels are"
        " fixed)", kind="institutional", ids=("M1.6", "M2.6", "M3.6"),
        source="Grossman & Helpman 1994, AER 84(4), 'Protection for sale': policy maximises"
        " a weighted sum of organised groups' welfare")
    labour_weight: float = param(
        1.0, "Political weight of organised labour per unit of its base (wage earners'"
        " share of households times union density)", kind="institutional",
        ids=("M1.5", "M1.6"), unit="1", ge=0, le=100,
        source="assumption: equal weight per unit of base; mass-based groups have little"
        " independent influence in Gilens & Page 2014, so labour's base is scaled by union"
        " density")
    capital_weight: float = param(
        1.0, "Political weight of owners (proprietary firms, platforms, banks) per unit of"
        " their base (their share of positive net worth)", kind="institutional",
        ids=("M1.6", "M2.6"), unit="1", ge=0, le=100,
        source="assumption: equal weight per unit of base; economic elites' independent"
        " influence, Gilens & Page 2014, Perspectives on Politics 12(3), is carried by"
        " wealth as the base")
    commons_weight: float = param(
        1.0, "Political weight of commoners (cooperative members and civic contributors) per"
        " unit of their base (mean of their share of households and of income)",
        kind="institutional", ids=("M3.6",), unit="1", ge=0, le=100,
        source="assumption: equal weight per unit of base")
    union_density: float = param(
        0.1, "Share of wage earners organised in unions (scales organised labour's base)",
        kind="institutional", ids=("M1.5", "M1.6"), unit="1", ge=0, le=1,
        source="US union membership rate 10.0% of wage and salary workers in 2023 (BLS,"
        " Union Members 2023, January 2024)")


class Mixed(Section):
    """Starting sizes of the commons sector at the opening (mixed economies)."""
    entity_members: float = param(
        0.0, "Share of households that start as members of commons-oriented entities",
        kind="institutional", ids=("M3.2",), unit="1", ge=0, le=0.9,
        source="a starting size chosen by the study (0: entities only by founding)")
    commons_stock: float = param(
        0.0, "Commons stock at the opening, per household", kind="institutional",
        ids=("M2.1", "M3.1"), unit="effective hour-years per household", ge=0, le=100,
        source="a starting size chosen by the study (0: the commons starts empty)")


class Engine(Section):
    """Settings of the engine, not of the economy."""
    firms: int = param(20, "Proprietary firms", kind="engine", unit="firms", ge=1, le=100000)
    production: Literal["to-forecast", "to-order"] = param(
        "to-forecast", "to-forecast: firms produce expected demand (unsold output is kept"
        " as inventories);"
        " to-order: output equals demand within the period (Godley & Lavoie's SIM)",
        kind="engine")
    prices: Literal["markup", "fixed"] = param(
        "markup", "markup: firms revise markups on normal unit cost and money wages follow"
        " the conflicting-claims rule; fixed: both revision speeds are zero, so prices stay"
        " at 1 and the money wage at labour.bargaining (the published validation models)",
        kind="engine")
    exchange: Literal["none", "random-pair", "saving", "yard-sale", "boltzmann"] = param(
        "none", "Kinetic exchange among households each period (validation presets)",
        kind="engine")
    exchange_steps: int = param(0, "Exchange sweeps per period", kind="engine", ge=0, le=10**7)
    saving_propensity: float = param(0.5, "lambda of the saving-propensity exchange",
                                     kind="engine", ge=0, le=1)
    exchange_fraction: float = param(
        0.2, "Share of the poorer agent's money at stake in a yard-sale meeting",
        kind="engine", ge=0, le=1)
    exchange_unit: float = param(
        0.0, "Whole unit of money that changes hands in random-pair and boltzmann exchange"
        " (0: continuous random-pair, one unit of 1 for boltzmann)", kind="engine", ge=0,
        le=1e9)
    heterogeneous: bool = param(
        True, "Households differ in skill and ownership (False: identical households)",
        kind="engine")
    check_accounts: bool = param(True, "Assert every stock-flow identity every period",
                                 kind="engine")
    spinup_years: int = param(
        150, "Years run under the reference institutions (model 1b's) before year 0, so"
        " that every regime starts from the same settled economy (src/commonsim/spinup.py,"
        " docs/opening.md); 0: start from the opening balance sheets (the validation"
        " presets, whose published models start from their own initial state)",
        kind="engine", unit="years", ge=0, le=1000)


class Parameters(Section):
    """Every parameter of a run, grouped by the part of the economy it belongs to."""

    households: Households = Field(default_factory=Households)
    technology: Technology = Field(default_factory=Technology)
    finance: Finance = Field(default_factory=Finance)
    housing: Housing = Field(default_factory=Housing)
    labour: Labour = Field(default_factory=Labour)
    ip: IP = Field(default_factory=IP)
    state: State = Field(default_factory=State)
    platforms: Platforms = Field(default_factory=Platforms)
    commons: Commons = Field(default_factory=Commons)
    cooperatives: Cooperatives = Field(default_factory=Cooperatives)
    solidarity: Solidarity = Field(default_factory=Solidarity)
    market: Market = Field(default_factory=Market)
    politics: Politics = Field(default_factory=Politics)
    mixed: Mixed = Field(default_factory=Mixed)
    engine: Engine = Field(default_factory=Engine)


def field_info(dotted: str) -> tuple[type[Section], str]:
    """Return the section class and field name of a dotted key such as ``labour.bargaining``."""
    section, _, name = dotted.partition(".")
    if section not in Parameters.model_fields or not name:
        raise KeyError(dotted)
    cls = Parameters.model_fields[section].annotation
    if name not in cls.model_fields:
        raise KeyError(dotted)
    return cls, name


def all_keys() -> list[str]:
    """Every dotted key of the schema, in schema order."""
    keys = []
    for section, f in Parameters.model_fields.items():
        keys += [f"{section}.{name}" for name in f.annotation.model_fields]
    return keys


def plausible_range(dotted: str) -> tuple[float, float] | None:
    """The documented plausible range of a dotted key, or None if it has none."""
    cls, name = field_info(dotted)
    span = (cls.model_fields[name].json_schema_extra or {}).get("plausible")
    return (float(span[0]), float(span[1])) if span else None


def key_kind(dotted: str) -> str:
    """The kind (behavioural, technological, institutional, engine) of a dotted key."""
    cls, name = field_info(dotted)
    extra = cls.model_fields[name].json_schema_extra or {}
    return str(extra.get("kind", ""))


# -- what a setting needs to mean anything ----------------------------------------------


def is_on(value: Any) -> bool:
    """Whether a setting is switched on: true, a number above zero, or a kernel but 'none'."""
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        return value > 0
    return value not in ("", "none", None)


#: key -> (keys that must be on too, why). A key listed here that is on while one of its
#: requirements is off changes nothing (or moves money into an idle sector), so it is
#: refused; checked on the opening parameters and again after every scheduled change.
REQUIRES: dict[str, tuple[tuple[str, ...], str]] = {
    "cooperatives.enabled": (
        ("commons.enabled",), "commons-oriented entities are founded by commons contributors"),
    "cooperatives.credit": (
        ("cooperatives.enabled",), "it is credit for commons-oriented entities"),
    "cooperatives.phyles": (
        ("cooperatives.enabled",), "phyles are federations of commons-oriented entities"),
    "solidarity.enabled": (
        ("cooperatives.enabled",),
        "the solidarity fund is fed by commons-oriented entities (the state matches them)"),
    "commons.contributor_governance": (
        ("commons.enabled",), "it governs the for-benefit institutions of the commons"),
    "state.commons_support": (
        ("commons.enabled",), "the money would buy nothing in an idle for-benefit sector"),
    "state.civic_infrastructure": (
        ("commons.enabled",), "the money would buy nothing in an idle for-benefit sector"),
    "state.commons_levy": (
        ("commons.enabled",), "it is levied on value drawn from the commons"),
    "state.coproduction": (
        ("commons.enabled",), "co-produced services are a share of civic commons hours"),
    "market.ethical_preference": (
        ("cooperatives.enabled",), "it is buyers' weight on commons-oriented entities"),
    "market.procurement_preference": (
        ("cooperatives.enabled",),
        "it is public procurement's weight on commons-oriented entities"),
    "mixed.entity_members": (
        ("cooperatives.enabled",), "the starting members belong to commons-oriented entities"),
    "mixed.commons_stock": (
        ("commons.enabled",), "a commons stock is drawn on only where a commons pool exists"),
    "engine.exchange": (
        ("engine.exchange_steps",), "exchange runs engine.exchange_steps sweeps a period"),
    "engine.exchange_steps": (
        ("engine.exchange",), "the sweeps run the kernel named by engine.exchange"),
}

#: Keys read only when the economy is set up (households, firms, opening balance sheets,
#: homes, the platform and the knowledge owners): a scheduled change to one would be
#: ignored, so schedules may not name them.
SETUP_ONLY: dict[str, str] = {
    "households.owner_share": "owners are chosen at set-up",
    "households.ownership_pareto": "ownership stakes are drawn at set-up",
    "households.initial_deposits": "it is an opening balance",
    "ip.owner_firms": "the knowledge owners are chosen at set-up",
    "ip.enabled": "the knowledge owners are chosen at set-up",
    "platforms.enabled": "the platform is created at set-up",
    "housing.enabled": "homes and mortgages are opened at set-up",
    "housing.ownership_rate": "homes are handed out at set-up",
    "cooperatives.max_entities": "the slots for entities are made at set-up",
    "engine.firms": "firms are created at set-up",
    "engine.production": "the opening balance sheets depend on it",
    "engine.heterogeneous": "households are drawn at set-up",
    "engine.spinup_years": "the spin-up runs before year 0",
    "mixed.entity_members": "the starting entities are opened at set-up",
    "mixed.commons_stock": "it is an opening stock",
}


def unmet_requirements(params: Parameters) -> list[tuple[str, list[str]]]:
    """Each setting that is on while keys it requires are off, with those keys."""
    values = flat_values(params)
    unmet = []
    for key, (needs, _) in REQUIRES.items():
        missing = [need for need in needs if not is_on(values[need])]
        if is_on(values[key]) and missing:
            unmet.append((key, missing))
    return unmet


def unmet_requirement(params: Parameters) -> str | None:
    """The first declared requirement `params` breaks, as one sentence; None if all hold."""
    unmet = unmet_requirements(params)
    if not unmet:
        return None
    values = flat_values(params)
    key, missing = unmet[0]
    return (f"{key} = {_literal(values[key])} needs "
            + " and ".join(f"{m} on (it is {_literal(values[m])})" for m in missing)
            + f": {REQUIRES[key][1]}")


def _literal(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, str):
        return f'"{value}"'
    return repr(value)

def flat_values(params: Parameters) -> dict[str, Any]:
    """Every parameter as a dotted key (``section.key``) with its value."""
    out: dict[str, Any] = {}
    for section, values in params.model_dump().items():
        for key, value in values.items():
            out[f"{section}.{key}"] = value
    return out
