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
    "latin_hypercube_best_loss": 0.8364641900291749,
    "defaults_before_search": {
        "households.initial_deposits": 2.0,
        "households.propensity_income": 0.8,
        "households.propensity_wealth": 0.1,
        "households.need_share": 0.5,
        "households.skill_decay": 0.01,
        "households.owner_share": 0.1,
        "households.ownership_pareto": 1.3,
        "finance.credit_limit": 3.0,
        "technology.ip_productivity": 0.15,
        "finance.repayment": 0.1
    },
    "nelder_mead_starts": [
        {
            "start": "defaults before search",
            "start_loss": 12.483023103992474,
            "evaluations": 100,
            "loss": 0.7261911867571685
        },
        {
            "start": "hypercube rank 1",
            "start_loss": 0.8364641900291749,
            "evaluations": 100,
            "loss": 0.6781034716096721
        },
        {
            "start": "hypercube rank 2",
            "start_loss": 0.9854350024927272,
            "evaluations": 100,
            "loss": 0.30404447380871696
        },
        {
            "start": "hypercube rank 3",
            "start_loss": 1.0491586670459696,
            "evaluations": 100,
            "loss": 0.2698614525305722
        }
    ],
    "chosen": {
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
    "chosen_loss": 0.27084701359957475,
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
