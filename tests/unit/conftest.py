"""Fixtures the unit tests of several areas share: the small office with its hierarchy (from the SKP tests)."""

from .test_workplans import org  # noqa: F401  (a fixture: tests ask for it by name)
