"""Meanings of state variables whose declaration carries no comment, for the ODD document.

The prose of ``docs/ODD.md`` is in ``templates/odd.md.j2``; everything else is generated
from the code by :mod:`.odd`. Regenerate: ``python -m commonsim.report.odd > docs/ODD.md``.
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
