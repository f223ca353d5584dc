"""One module per institution. Each module names the characteristic IDs it implements."""
