"""Screens of partnerships: conventions, action sheets, activity, incident reports."""
