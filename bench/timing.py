"""What the bench scripts share: the CPU time of a call (this process, time.process_time),
the median of `repeat` runs after one warm-up run — per core, and comparable on a busy machine."""
from __future__ import annotations

import statistics
import time


def cpu(fn, repeat: int) -> float:
    fn()
    times = []
    for _ in range(repeat):
        start = time.process_time()
        fn()
        times.append(time.process_time() - start)
    return statistics.median(times)
