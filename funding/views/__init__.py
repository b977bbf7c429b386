"""The money pages, one module per concept: money (grants, instalments), envelopes, calls."""
