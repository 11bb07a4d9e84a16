"""Couple Canvas: a whiteboard and handout tool for couples therapists."""

__version__ = "0.1.0"
