"""Python's side of ProcessStartBenchmark: start and join of a trivial Process with the spawn method.

Prints one line per scenario: `scenario=<id> value=<number> unit=<unit>`.
"""
import multiprocessing as mp
import sys
import time


def nothing():
    pass


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    runs = max(10, int(30 * seconds))
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
    print("scenario=python-process-start-join-median value=%.2f unit=ms" % times[len(times) // 2])


if __name__ == "__main__":
    main()
