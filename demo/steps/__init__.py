"""The loading steps, one module per area, each a `load(writer)` run in this order."""
