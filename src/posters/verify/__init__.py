"""Checks on plans (before drawing) and on written files (after)."""
