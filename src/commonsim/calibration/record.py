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
    "latin_hypercube_points": 64,
    "latin_hypercube_best_loss": 2.351378660555732,
    "defaults_before_search": {
        "households.initial_deposits": 5.61,
        "households.propensity_income": 0.858,
        "households.propensity_wealth": 0.0429,
        "households.need_share": 0.25,
        "households.skill_decay": 0.0121,
        "households.owner_share": 0.226,
        "households.ownership_pareto": 1.36,
        "finance.credit_limit": 2.55,
        "finance.repayment": 0.209,
        "households.skill_ceiling": 3.0,
        "labour.wage_catch_up": 0.5,
        "labour.wage_indexation": 0.5,
        "market.markup_step": 0.03
    },
    "nelder_mead_starts": [
        {
            "start": "defaults before search",
            "start_loss": 4.082022560233748,
            "evaluations": 100,
            "loss": 0.43230743050596565
        },
        {
            "start": "hypercube rank 1",
            "start_loss": 2.351378660555732,
            "evaluations": 100,
            "loss": 0.3605520314975581
        }
    ],
    "chosen": {
        "households.initial_deposits": 6.91,
        "households.propensity_income": 0.799,
        "households.propensity_wealth": 0.0574,
        "households.need_share": 0.226,
        "households.skill_decay": 0.00542,
        "households.owner_share": 0.108,
        "households.ownership_pareto": 1.41,
        "finance.credit_limit": 5.98,
        "finance.repayment": 0.355,
        "households.skill_ceiling": 2.0,
        "labour.wage_catch_up": 0.463,
        "labour.wage_indexation": 0.9,
        "market.markup_step": 0.0328
    },
    "chosen_loss": 0.41339589448181013,
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
        "finance.repayment": [
            0.1,
            0.5
        ],
        "households.skill_ceiling": [
            2.0,
            6.0
        ],
        "labour.wage_catch_up": [
            0.2,
            1.0
        ],
        "labour.wage_indexation": [
            0.3,
            0.9
        ],
        "market.markup_step": [
            0.01,
            0.1
        ]
    }
}
