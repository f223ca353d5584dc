"""Record of the last calibration search.

Written by ``python -m commonsim.calibration --search``; do not edit.
"""

RECORD = {
    "regime": "proprietary-weak-labour",
    "households": 10000,
    "years": 50,
    "search_seeds": [
        101,
        102,
        103,
        104
    ],
    "margin": 0.15,
    "sampler_seed": 2026,
    "latin_hypercube_points": 120,
    "latin_hypercube_best_loss": 2.1038973487755106,
    "defaults_before_search": {
        "households.initial_deposits": 6.11,
        "households.propensity_income": 0.876,
        "households.propensity_wealth": 0.0409,
        "households.need_share": 0.265,
        "households.skill_decay": 0.0148,
        "households.owner_share": 0.186,
        "households.ownership_pareto": 1.18,
        "finance.credit_limit": 2.07,
        "technology.ip_productivity": 0.369,
        "finance.repayment": 0.175
    },
    "nelder_mead_starts": [
        {
            "start": "defaults before search",
            "start_loss": 0.39695043729787766,
            "evaluations": 100,
            "loss": 0.004806493634431196
        },
        {
            "start": "hypercube rank 1",
            "start_loss": 2.1038973487755106,
            "evaluations": 100,
            "loss": 0.2979882387755103
        },
        {
            "start": "hypercube rank 2",
            "start_loss": 2.5324063649552824,
            "evaluations": 100,
            "loss": 0.043354826779977554
        },
        {
            "start": "hypercube rank 3",
            "start_loss": 2.7754238039396113,
            "evaluations": 100,
            "loss": 1.2069854228449783
        }
    ],
    "chosen": {
        "households.initial_deposits": 5.45,
        "households.propensity_income": 0.856,
        "households.propensity_wealth": 0.0434,
        "households.need_share": 0.255,
        "households.skill_decay": 0.0119,
        "households.owner_share": 0.218,
        "households.ownership_pareto": 1.37,
        "finance.credit_limit": 2.58,
        "technology.ip_productivity": 0.356,
        "finance.repayment": 0.196
    },
    "chosen_loss": 0.004735475903454054,
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
            0.1,
            0.5
        ]
    }
}
