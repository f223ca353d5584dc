"""The engine, and nothing about any particular regime.

Bottom up: the types every layer shares (params, then the state, the ledger, the income
kinds, the period record, the economy and its balance sheet); above the mechanisms, the
schedule of one period and the opening balance sheets; on top, the engine loop.
"""
