"""Record of the last calibration search.

Written by ``python -m commonsim.calibration --search``; do not edit.
"""

RECORD = {
    "regime": "proprietary-weak-labour",
    "households": 10000,
    "years": 50,
    "search_seeds": [
        101,
        102
    ],
    "margin": 0.15,
    "sampler_seed": 2026,
    "latin_hypercube_points": 120,
    "latin_hypercube_best_loss": 0.8692957071341668,
    "defaults_before_search": {
        "households.initial_deposits": 2.0,
        "households.propensity_income": 0.74,
        "households.propensity_wealth": 0.195,
        "households.need_share": 0.316,
        "households.skill_decay": 0.00401,
        "households.owner_share": 0.165,
        "households.ownership_pareto": 1.77,
        "finance.credit_limit": 5.92,
        "technology.ip_productivity": 0.0502,
        "finance.repayment": 0.158
    },
    "nelder_mead_starts": [
        {
            "start": "defaults before search",
            "start_loss": 0.33221992134715667,
            "evaluations": 100,
            "loss": 0.25458438166589464
        },
        {
            "start": "hypercube rank 1",
            "start_loss": 0.8692957071341668,
            "evaluations": 100,
            "loss": 0.24919332550634823
        },
        {
            "start": "hypercube rank 2",
            "start_loss": 1.289897980115898,
            "evaluations": 100,
            "loss": 1.1694897959183674
        },
        {
            "start": "hypercube rank 3",
            "start_loss": 1.3496790197046395,
            "evaluations": 100,
            "loss": 0.31093120336566143
        }
    ],
    "chosen": {
        "households.initial_deposits": 1.78,
        "households.propensity_income": 0.766,
        "households.propensity_wealth": 0.2,
        "households.need_share": 0.288,
        "households.skill_decay": 0.00384,
        "households.owner_share": 0.196,
        "households.ownership_pareto": 1.68,
        "finance.credit_limit": 6.0,
        "technology.ip_productivity": 0.05,
        "finance.repayment": 0.16
    },
    "chosen_loss": 0.24923034412379927,
    "bounds": {
        "households.initial_deposits": [
            0.5,
            8.0
        ],
        "households.propensity_income": [
            0.5,
            0.95
        ],
        "households.propensity_wealth": [
            0.02,
            0.2
        ],
        "households.need_share": [
            0.0,
            0.8
        ],
        "households.skill_decay": [
            0.002,
            0.02
        ],
        "households.owner_share": [
            0.03,
            0.3
        ],
        "households.ownership_pareto": [
            1.05,
            3.0
        ],
        "finance.credit_limit": [
            0.5,
            6.0
        ],
        "technology.ip_productivity": [
            0.0,
            0.6
        ],
        "finance.repayment": [
            0.03,
            0.2
        ]
    }
}
