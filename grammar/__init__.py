"""The Lark grammar of the report text layout, shipped as package data."""
from pathlib import Path

GRAMMAR_PATH = Path(__file__).with_name("report.lark")
