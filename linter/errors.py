"""The exceptions every room of govlint may raise; str(e) is the Chinese message for the user.

This module imports nothing of ours, so any module can raise these without an import circle.
"""
from __future__ import annotations


class InputError(Exception):
    """The input cannot be linted (missing, unreadable, not a report, over a limit)."""


class ConfigError(Exception):
    """The configuration is invalid; the message names the file (or the command line) and the key."""


class PluginError(Exception):
    """A plugin could not be loaded or contributes something invalid; the message names the plugin."""


class SuppressionError(Exception):
    """A baseline file cannot be read or written."""


class BatchError(Exception):
    """A run over many files broke down (its worker processes died)."""
