"""Syntax: a Source's text -> the syntax tree. The line lexer and the Lark grammar
(grammar/report.lark, LALR) parse the text layout; tree.py holds the nodes (Document, Paragraph,
Table, Row, Cell, each with its Span); outline.py finds the title and the six sections;
labels.py normalises labels for comparison; tree_view.py prints the tree (`govlint parse`).
"""
