"""Screens of governance: committees, meetings and decisions, plans and reports, what is due."""
