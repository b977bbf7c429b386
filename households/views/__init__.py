"""Screens of the household follow-up, one module per concept."""
