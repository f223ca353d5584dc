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
    "latin_hypercube_best_loss": 0.9169682727934583,
    "defaults_before_search": {
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
    "nelder_mead_starts": [
        {
            "start": "defaults before search",
            "start_loss": 0.2504308865542857,
            "evaluations": 100,
            "loss": 0.22596145654340566
        },
        {
            "start": "hypercube rank 1",
            "start_loss": 0.9169682727934583,
            "evaluations": 100,
            "loss": 0.23597666107775123
        },
        {
            "start": "hypercube rank 2",
            "start_loss": 1.3203036645603428,
            "evaluations": 100,
            "loss": 1.1694897959183674
        },
        {
            "start": "hypercube rank 3",
            "start_loss": 1.3247727993420149,
            "evaluations": 100,
            "loss": 0.3271608175428434
        }
    ],
    "chosen": {
        "households.initial_deposits": 1.76,
        "households.propensity_income": 0.765,
        "households.propensity_wealth": 0.2,
        "households.need_share": 0.305,
        "households.skill_decay": 0.00356,
        "households.owner_share": 0.254,
        "households.ownership_pareto": 1.6,
        "finance.credit_limit": 6.0,
        "technology.ip_productivity": 0.0422,
        "finance.repayment": 0.148
    },
    "chosen_loss": 0.22591950936362679,
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
