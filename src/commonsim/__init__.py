"""commonsim: Bauwens' three models of value creation as a runnable economy."""
