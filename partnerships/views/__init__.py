"""Screens of partnerships: home, conventions, action sheets, activity, incident reports."""

from partnerships.views.home import home

__all__ = ["home"]
