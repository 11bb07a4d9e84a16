"""Wiring: entry point, command line, settings, data paths, logging."""
