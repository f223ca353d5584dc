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
    "latin_hypercube_best_loss": 1.3283383412755105,
    "defaults_before_search": {
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
    "nelder_mead_starts": [
        {
            "start": "defaults before search",
            "start_loss": 0.049237122230750135,
            "evaluations": 100,
            "loss": 0.0013366653145596265
        },
        {
            "start": "hypercube rank 1",
            "start_loss": 1.3283383412755105,
            "evaluations": 100,
            "loss": 0.2048373498866214
        },
        {
            "start": "hypercube rank 2",
            "start_loss": 2.5005746849257395,
            "evaluations": 100,
            "loss": 0.09897414715868746
        },
        {
            "start": "hypercube rank 3",
            "start_loss": 2.6563841530387,
            "evaluations": 100,
            "loss": 0.2943982703349886
        }
    ],
    "chosen": {
        "households.initial_deposits": 5.61,
        "households.propensity_income": 0.858,
        "households.propensity_wealth": 0.0429,
        "households.need_share": 0.25,
        "households.skill_decay": 0.0121,
        "households.owner_share": 0.226,
        "households.ownership_pareto": 1.36,
        "finance.credit_limit": 2.55,
        "technology.ip_productivity": 0.349,
        "finance.repayment": 0.209
    },
    "chosen_loss": 0.000978278879218626,
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
