"""Hearth: community resilience for councils and their partners."""
