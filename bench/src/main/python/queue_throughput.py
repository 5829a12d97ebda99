"""Baseline for QueueBenchmark: Python's multiprocessing.Queue, same set-up and items.

1, 2 or 4 producer processes (default start method) stream bytes items of 64 B or 4 KiB into the parent, which owns
the queue and gets. As in JMH's invocation, each round asks every producer (over a control queue of its own) for its
share of BATCH items and takes them all; the producers are started and have delivered a first round before the clock
starts.

    python3 bench/src/main/python/queue_throughput.py [seconds] [--producers 1 2 4] [--sizes 64 4096]
"""
import argparse
import multiprocessing as mp

import benchlib

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
    controls = [mp.Queue() for _ in range(producers)]
    data = mp.Queue()
    children = [mp.Process(target=producer, args=(control, data, size)) for control in controls]
    for child in children:
        child.start()
    share = BATCH // producers
    total = share * producers

    def one_round():
        for control in controls:
            control.put(share)
        for _ in range(total):
            data.get()

    one_round()
    rate = benchlib.throughput(one_round, total, seconds)
    for control in controls:
        control.put(0)
    for child in children:
        child.join()
    return rate


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("seconds", type=float, nargs="?", default=1.0)
    parser.add_argument("--producers", type=int, nargs="+", default=[1, 2, 4])
    parser.add_argument("--sizes", type=int, nargs="+", default=[64, 4096])
    args = parser.parse_args()
    for producers in args.producers:
        for size in args.sizes:
            benchlib.emit("python-queue-%dB-%d-producers" % (size, producers),
                          run_case(producers, size, args.seconds), "items/s")


if __name__ == "__main__":
    main()
