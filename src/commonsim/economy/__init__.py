"""The engine, and nothing about any particular regime.

Bottom up: the types every layer shares (params, then the state, the ledger, the income
kinds, the period record, the economy and its balance sheet); above the mechanisms, the
schedule of one period and the opening balance sheets; on top, the engine loop.
"""

from commonsim.economy.heap import keep_freed_memory

# Before any economy is built or loaded: set later, glibc keeps its earlier choices for
# the memory it already handed out and runs still fault their arrays in every period.
keep_freed_memory()
