"""Results: what a run produces and how it is shown. diagnostic.py (Diagnostic, Fix,
Location: the JSON contract), fixes.py (applying safe fixes to text and .docx), formats/ (text,
json, jsonl, sarif, github, rule counts), rule_docs.py (docs/rules.md and --explain from the
rules' docstrings).
"""
