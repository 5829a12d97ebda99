"""Python's side of the shared-memory benchmarks: increments of a shared Value from 2 processes.

Python's Value has no atomic add: `with v.get_lock(): v.value += 1` is the only correct increment.
Prints one line per scenario: `scenario=<id> value=<number> unit=<unit>`.
"""
import multiprocessing as mp
import sys
import time


def increment(value, count, start_event):
    start_event.wait()
    for _ in range(count):
        with value.get_lock():
            value.value += 1


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    mp.set_start_method("spawn")
    count = int(200_000 * seconds)
    value = mp.Value("q", 0)
    go = mp.Event()
    workers = [mp.Process(target=increment, args=(value, count, go)) for _ in range(2)]
    for w in workers:
        w.start()
    time.sleep(0.5)
    start = time.perf_counter()
    go.set()
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - start
    assert value.value == 2 * count
    print("scenario=python-value-locked-increment-per-process value=%.1f unit=ops/s" % (count / elapsed))
    lock = mp.Lock()
    n = int(1_000_000 * seconds)
    start = time.perf_counter()
    for _ in range(n):
        lock.acquire()
        lock.release()
    print("scenario=python-lock-uncontended value=%.1f unit=ops/s" % (n / (time.perf_counter() - start)))


if __name__ == "__main__":
    main()
