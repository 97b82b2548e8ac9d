"""Counts in the commands' output, in the number they agree with: "1 sentence", "3 sentences"."""

from __future__ import annotations


def counted(n: int, noun: str, plural: str | None = None) -> str:
    """`n` and the noun: singular for exactly one, else the plural (`noun` + "s" unless given)."""
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
