"""Running: the engine lints one report (engine.py: build the report, run the rules within
their time limit, finish the findings in one place), the pass of rules over a whole run
(corpus.py), many files in worker processes (batch.py), and the time limit itself
(time_limit.py, GL000 in internal_error.py).
"""
