"""The Lark grammar of the report text layout (report.lark, LALR), shipped as package data;
syntax/parser.py builds the parser from it once per process."""
from pathlib import Path

GRAMMAR_PATH = Path(__file__).with_name("report.lark")
