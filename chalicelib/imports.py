"""Modules imported when first used instead of when the app starts.

Every Lambda function of the app (the API and each schedule) starts by importing ``app``, and so
every blueprint. The blueprints reach their services through ``on_first_use``: a function imports
the services its routes or schedule actually run, not the whole application's.
"""
from __future__ import annotations

import importlib


class _ModuleOnFirstUse:
    """Stands for a module, importing it when one of its attributes is first read."""

    def __init__(self, name: str) -> None:
        self._name = name

    def __getattr__(self, attribute: str):
        # After the first time a lookup in sys.modules; importing is thread-safe.
        return getattr(importlib.import_module(self._name), attribute)

    def __repr__(self) -> str:
        return f"<module {self._name!r}, imported on first use>"


def on_first_use(name: str):
    """The module ``name``, imported when an attribute of it is first read."""
    return _ModuleOnFirstUse(name)
