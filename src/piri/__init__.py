"""Piri: a home-exercise program for piriformis syndrome."""

__version__ = "0.1.0"
