"""Running: the engine lints one report (engine.py: build the report, run the rules within
their time limit, finish the findings in one place), the pass of rules over a whole run
(corpus.py), many files in worker processes (batch.py; scheduling.py: how the files are shared
out and brought back in order; progress.py: the progress bar), which files of a folder are
checked (files.py: --exclude and .gitignore), and the time limit itself (time_limit.py:
SIGALRM or a watchdog thread; GL000 in internal_error.py).
"""
