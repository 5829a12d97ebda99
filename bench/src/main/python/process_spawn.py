"""Python's side of ProcessStartBenchmark: start and join of a trivial Process with the spawn method.

Prints one line: `python-process-spawn median_ms=<m> p90_ms=<p> n=<n>`.
"""
import multiprocessing as mp
import sys
import time


def nothing():
    pass


def main():
    runs = int(sys.argv[1]) if len(sys.argv) > 1 else 30
    mp.set_start_method("spawn")
    for _ in range(3):
        p = mp.Process(target=nothing)
        p.start()
        p.join()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        p = mp.Process(target=nothing)
        p.start()
        p.join()
        times.append((time.perf_counter() - start) * 1000)
    times.sort()
    print("python-process-spawn median_ms=%.2f p90_ms=%.2f n=%d"
          % (times[len(times) // 2], times[int(len(times) * 0.9)], runs))


if __name__ == "__main__":
    main()
