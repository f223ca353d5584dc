"""The hand-written parts of the ODD document (purpose, patterns, design concepts ...).

Everything else in ``docs/ODD.md`` is generated from the code by :mod:`.odd`. Edit the text
here, then regenerate: ``python -m commonsim.report.odd > docs/ODD.md``.
"""

PURPOSE = """\
commonsim makes Michel Bauwens' 2013 essay on three models of value creation runnable. The
essay describes proprietary capitalism (model 1, in a variant with capital-labour balance,
1a, and one with contemporary labour weakness, 1b), peer production under the domination of
financial capitalism (model 2, "netarchical" capitalism) and strong peer production under
civic dominance (model 3, the commons and the Partner State). The project cuts the essay
into 23 characteristics with stable IDs (M1.1 .. M3.11; see
`shared/essay/characteristics.md`), each with a *rule* (an institution the economy must
have) and a *shows* (an outcome the essay asserts).

The model's purpose is *explanation by comparison*: one economy, one set of behavioural and
technological parameters, and four regimes that differ only in institutional parameters.
It asks whether the outcomes the essay asserts for each model follow from the institutions
the essay names, once those institutions are written down as rules and money is forced to
add up. It is not a forecast of any real economy.

**Patterns.** Three kinds of pattern are used to judge the model:

- *Calibration patterns* for the baseline regime 1b, from real economies
  (`shared/research/calibration.md`): a labour share near 58%, a wealth Gini around 0.8 and
  an income Gini around 0.6, a top-1% wealth share near a third, household debt of the
  order of one to two years of disposable income, unemployment of 5-8% and investment
  near a fifth of GDP.
- *Claim patterns*: the 23 claims of `shared/essay/claims.md` (e.g. "the precarious share
  of workers is higher in model 2 than in 1a and 1b"). They are measured across seeds and
  reported with effect sizes and intervals by `commonsim claims`; they are never used to
  tune a parameter. A claim that fails is a finding, or a defect to fix in a mechanism.
- *Reference patterns* the engine must reproduce exactly: Godley and Lavoie's model SIM
  (preset `sim`) and the stationary distributions of kinetic exchange models (preset
  `kinetic-exchange`), see `shared/research/validation.md`.
"""

ENTITIES_INTRO = """\
Households are the only individual agents; they are held as arrays (one NumPy array per
attribute), not as objects. Firms are a short array too: the proprietary firms, one
platform and slots for commons-oriented entities. The other holders (banks, the state,
for-benefit institutions, solidarity funds) are single aggregate accounts. Money is not a
state variable of any entity: every deposit and loan lives in the double-entry ledger,
which is the only place money can move (`economy/ledger.py`). The tables below are
generated from the state classes.
"""

SCALES = """\
One period is one year. The number of households is chosen per run (default 10,000; the
comparison uses 10,000 over 50 years); space is not represented. There are no prices:
money is measured in units of output, labour in full-time labour-years.
"""

SCHEDULE_INTRO = """\
Each period runs the steps below in this order; a step whose institution is off in a
regime is skipped. Within a step, households act simultaneously (array operations) except
where a rule is sequential (hiring queues, exchange kernels). After the last step the
ledger's transaction-flow and balance-sheet matrices are built and every stock-flow
identity is checked (`economy.check_accounts`), then the period's metrics are recorded.
The columns 1a, 1b, 2 and 3 say whether the step runs in that regime.
"""

DESIGN = """\
**Basic principles.** Stock-flow consistency in the tradition of Godley and Lavoie: every
flow comes from somewhere and goes somewhere, every financial asset is someone's
liability, and the accounts are checked every period. Agent heterogeneity in the tradition
of agent-based macroeconomics (Caiani et al. 2016): households differ in skill, ownership
and employment, so distributions (Gini, poverty, precarity) are outcomes, not inputs.
Regimes differ only in institutions (the essay's rules); behaviour and technology are
shared and calibrated once.

**Emergence.** Income and wealth distributions, the factor shares of income, the
precarious share of work, household debt dependence, the size of the commons, the
cooperative share of output and the state's debt all emerge from the interaction of the
rules; none is set directly.

**Adaptation.** Firms adapt production plans to past sales (adaptive expectations) and
their capital stock to expected sales; households adapt consumption to income and wealth,
borrow when income falls short of what they need, and give more of their free time to civic
contribution the more secure their income is. Civic contributors found commons-oriented
entities at a behavioural rate.

**Objectives.** Agents follow rules of thumb rather than optimising an explicit objective:
firms aim at expected demand, households at a conventional level of consumption.

**Learning.** Skills change with the kind of work done: routine line work under a
managerial hierarchy erodes skill (M1.2); knowledge-rich work in commons-oriented
production raises it (M3.1).

**Prediction.** Firms forecast demand from their own past sales with errors; open supply
chains (M3.4) share demand signals, shrinking the error and the lag.

**Sensing.** Decisions use only last period's aggregates (mean and median income, mean
wage, last year's GDP) and the agent's own state; nothing looks ahead.

**Interaction.** Indirect, through markets and accounts: the labour market (hiring queues,
task work through platforms), the goods market (buyers' preferences, public procurement),
credit, taxes and transfers, the commons (a non-rival stock every producer draws on) and
the for-benefit and solidarity funds.

**Stochasticity.** Initial skills and ownership stakes, hiring-queue luck, forecast errors,
the founding of entities, the age of opening mortgages and which homeowners move (and to
which eligible buyers they sell) are random. All randomness comes from named
`numpy.random.Generator` streams spawned from one `SeedSequence` per run, so one seed gives
one result; comparisons run every regime with the same seeds (common random numbers).

**Collectives.** Firms' workforces, commons-oriented entities and their members, phyles
(networks of entities that pool knowledge and mutual insurance), the for-benefit
institutions and the solidarity fund.

**Observation.** Every period the metrics of the model outline are recorded (listed below by
the essay's seven comparison dimensions). `commonsim compare` runs each regime over
replicates and reports final values (mean of the last five years) with 95% intervals,
trends, Lorenz curves and the claims table.
"""

INITIALIZATION = """\
Households draw skill from a log-normal distribution (`households.skill_sigma`); a share
(`households.owner_share`) of the best-placed households own the proprietary firms, the
platform and the bank, with Pareto-distributed stakes (`households.ownership_pareto`); the
most skilled form the managerial-engineering layer (`labour.manager_share`); each household
draws a civic taste, uniform on [0, 1), that the time rule compares with its participation
rate every year (`mechanisms/time_use.py`). Opening
balance sheets close before the first period: households hold deposits that the bank
matches with state bonds, and firms own capital sized to their expected sales. A share
(`housing.ownership_rate`) of the best-placed households own a home, priced in years of
output per household (`housing.price_to_output`); each bought it some years ago (drawn from
the turnover rate) and owes what is left of a 30-year annuity mortgage, the money those
mortgages paid to past sellers being part of households' deposits. The
initial state is the same in every regime for the same seed, apart from institutions that
exist only in some regimes (the platform, IP ownership).
"""

INPUT_DATA = """\
The model uses no external time series. Regimes may schedule parameter changes in given
years (`[[schedule]]` in a regime file, e.g. the `transition` preset); these are the only
time-varying inputs. Parameter values and their sources are in the schema tables of
section 7.
"""

SUBMODELS_INTRO = """\
One module per institution in `src/commonsim/mechanisms/`. For each: what it does (its
docstring), the characteristic IDs it implements, and the functions the schedule runs. The
parameter schema and the presets' institutional settings follow.
"""

ASSUMPTIONS = """\
Three modelling choices that the schema and the code refer to ("see docs/ODD.md"):

- **Civic contribution time** (`households.volunteer_share`, `households.leisure`,
  `households.civic_time_elasticity`, `households.civic_propensity`). Where a commons
  exists, a household takes part in civic contribution when its civic taste is below
  `volunteer_share` (0.306: full-time workers in model 1b then take part at 28%, as in the
  US volunteering survey of 2010) times its income security (last year's disposable income,
  conditional income counted short by `households.conditional_discount`, over the median,
  capped at one) times
  its free time over a full-time worker's to the power `civic_time_elasticity` (0.34, from
  part-time workers' 33%). Participants take the commons work for-benefit money buys, up to
  the part of the year they have not sold, and give `civic_propensity` of the free time
  left to civic contribution. Free time is the leisure a full-time worker still has
  (`households.leisure`, 0.8 of a 2,000-hour year, from the American Time Use Survey) plus
  the part of a standard year not sold as paid or task work. The share is derived from
  formal volunteering hours over leisure hours, so it is a lower bound (online peer
  production is not counted). The same values hold in every
  regime that has a commons, so they cannot favour one regime by construction; how much
  the claims depend on them is a question for sensitivity analysis, not for tuning.
- **Debt dependence** (`households.debt_service_threshold`, 0.3). A household is
  debt-dependent in a period when it borrowed to consume, or when it has loans and its
  debt service exceeds this share of its disposable income. A debt-service-to-income
  ratio of about 30% or more is the usual marker of a heavy debt burden in lenders'
  affordability rules and household-finance studies; the threshold is a convention for
  measurement and changes no behaviour.
- **Capital is demand and wealth, not a capacity limit.** Output is the smaller of the
  firm's plan and what the labour it hired can make with the knowledge it has (own or
  rented IP, the commons). Firms still invest to keep capital in proportion to expected
  sales, which is demand for output, and capital is the economy's tangible wealth, but it
  does not constrain production. This keeps output a matter of labour and knowledge, the
  essay's subjects, and avoids a second bottleneck whose calibration would drive the
  differences between regimes. There are no prices: every amount is in units of output.
- **Homes are wealth and collateral, not a housing market.** Homes are a fixed stock at a
  price fixed at the opening, bought and sold among households with mortgages
  (`mechanisms/housing.py`), so that household debt is, as in real accounts, mostly
  mortgages held against a home. With no price, there are no house-price booms, capital
  gains or negative equity; with no rent and no construction, owning changes a household's
  wealth, debt and debt service, not its costs. The regimes do not differ in any of it.
"""

#: Meanings of state variables whose declaration carries no comment (the code's own
#: comment wins when there is one).
FIELD_NOTES = {
    "Households.skill": "productivity multiplier of an hour of work (1 = average at start)",
    "Households.status": "main activity this period (status codes below)",
    "Households.hours_paid": "paid hours as employee or entity member, share of a full year",
    "Households.hours_gig": "task-work hours through platforms, share of a full year",
    "Households.hours_civic": "unpaid civic contribution hours, share of a full year",
    "Households.taxes": "income tax paid this period",
    "Households.consumption": "spending on goods this period",
    "Households.debt_service": "interest and repayment paid on loans this period",
    "Households.home": "owns its home (homes are a fixed stock; at most one each)",
    "Households.mortgage": "the part of the household's bank loan that is a mortgage",
    "Households.mortgage_payment": "scheduled yearly mortgage payment (interest and"
                                   " principal)",
    "Firms.form": "legal form: 0 proprietary, 1 platform, 2 commons-oriented entity",
    "Firms.alive": "the slot holds a firm that operates this period",
    "Firms.ip_owner": "owns the proprietary knowledge stock (others pay it IP rent)",
    "Firms.capital": "physical capital (real stock, at cost)",
    "Firms.planned": "planned output this period",
    "Firms.output": "output produced this period",
    "Firms.sales": "output sold this period",
    "Firms.wage_bill": "pay to its workers this period",
    "Aggregates.commons": "commons stock (effective hour-years of contribution, net of"
                          " obsolescence)",
    "Aggregates.damage": "cumulative environmental damage",
    "Aggregates.gdp": "last period's sales",
    "Aggregates.mean_income": "last period's mean disposable income",
    "Aggregates.median_income": "last period's median disposable income",
    "Aggregates.mean_wage": "last period's wage per full-time equivalent",
    "Aggregates.house_price": "price of a home, fixed in money at the opening",
    "Aggregates.phyle_pool": "phyles' mutual-insurance money",
    "Aggregates.failures": "failures so far, by legal form",
    "Aggregates.firm_years": "firm-years lived so far, by legal form (failure-rate"
                             " denominator)",
    "Aggregates.founded_total": "commons-oriented entities founded so far",
}
