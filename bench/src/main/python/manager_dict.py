"""Python's Manager().dict(): put and get round trips per second from one client, the peer of ManagerBenchmark.

Usage: python3 bench/src/main/python/manager_dict.py [seconds-per-measurement]
Prints one line per scenario: `scenario=<id> value=<number> unit=<unit>`.
"""
import multiprocessing
import sys
import time


def measure(operation, seconds):
    """Runs the operation in a loop for about `seconds`, three times after a warm-up; returns the best ops/s."""
    best = 0.0
    for round_ in range(4):
        count = 0
        start = time.perf_counter()
        deadline = start + seconds
        while True:
            for _ in range(100):
                operation(count & 1023)
                count += 1
            now = time.perf_counter()
            if now >= deadline:
                break
        if round_ > 0:
            best = max(best, count / (now - start))
    return best


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    with multiprocessing.Manager() as manager:
        d = manager.dict()
        l = manager.list()

        def put(k):
            d[k] = k

        def get(k):
            return d.get(k)

        def add(k):
            l.append(k)

        for name, operation in (("dict-put", put), ("dict-get", get), ("list-add", add)):
            print("scenario=python-manager-%s value=%.1f unit=ops/s" % (name, measure(operation, seconds)),
                  flush=True)


if __name__ == "__main__":
    main()
