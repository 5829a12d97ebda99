"""Baseline for QueueBenchmark: Python's multiprocessing.Queue, same set-up and items.

1, 2 or 4 producer processes stream bytes items of 64 B or 4 KiB into the parent, which owns the queue and gets.
Each round asks every producer (over a control queue) for its share of BATCH items and takes them all.

    python3 bench/src/main/python/queue_throughput.py [seconds] [--seconds S] [--producers 1 2 4] [--sizes 64 4096]

seconds (positional, or --seconds; default 1) is the length of each of the 3 measured rounds, after 2 s of warm-up.
Prints one line per case: `scenario=python-queue-<itemSize>B-<producers>-producers value=<items/s> unit=items/s`,
the average of the measured rounds.
"""
import argparse
import multiprocessing as mp
import time

BATCH = 20_000


def producer(control, data, size):
    item = bytes(size)
    while True:
        n = control.get()
        if n == 0:
            return
        for _ in range(n):
            data.put(item)


def run_case(producers, size, seconds):
    control = mp.Queue()
    data = mp.Queue()
    children = [mp.Process(target=producer, args=(control, data, size)) for _ in range(producers)]
    for child in children:
        child.start()
    share = BATCH // producers
    total = share * producers

    def one_round():
        for _ in range(producers):
            control.put(share)
        for _ in range(total):
            data.get()

    warm_end = time.perf_counter() + 2
    while time.perf_counter() < warm_end:
        one_round()
    rates = []
    for _ in range(3):
        start = time.perf_counter()
        items = 0
        while time.perf_counter() - start < seconds:
            one_round()
            items += total
        rates.append(items / (time.perf_counter() - start))
    for _ in range(producers):
        control.put(0)
    for child in children:
        child.join()
    return sum(rates) / len(rates)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seconds", type=float, nargs="?", default=None)
    parser.add_argument("--seconds", dest="seconds_option", type=float, default=None)
    parser.add_argument("--producers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--sizes", type=int, nargs="+", default=[64, 4096])
    args = parser.parse_args()
    seconds = args.seconds_option if args.seconds_option is not None else args.seconds
    seconds = 1.0 if seconds is None else seconds
    print("# python multiprocessing.Queue (%s start method)" % mp.get_start_method())
    for producers in args.producers:
        for size in args.sizes:
            rate = run_case(producers, size, seconds)
            print("scenario=python-queue-%dB-%d-producers value=%.1f unit=items/s" % (size, producers, rate),
                  flush=True)


if __name__ == "__main__":
    main()
