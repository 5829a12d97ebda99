"""Python's side of the shared-memory benchmarks: increments of a shared Value from 2 processes, and an uncontended
Lock.

Python's Value has no atomic add: `with v.get_lock(): v.value += 1` is the only correct increment. Both workers
(default start method) meet at a barrier once started, then each times its own increments as JMH's throughput mode
does while the other increments too; the figure is their mean rate, per process.
"""
import multiprocessing as mp

import benchlib

BATCH = 100


def increment(value, ready, seconds, rates):
    lock = value.get_lock()

    def batch():
        for _ in range(BATCH):
            with lock:
                value.value += 1
    ready.wait()
    rates.put(benchlib.throughput(batch, BATCH, seconds))


def main():
    seconds = benchlib.seconds()
    value = mp.Value("q", 0)
    ready = mp.Barrier(2)
    rates = mp.Queue()
    workers = [mp.Process(target=increment, args=(value, ready, seconds, rates)) for _ in range(2)]
    for w in workers:
        w.start()
    per_process = [rates.get() for _ in workers]
    for w in workers:
        w.join()
    benchlib.emit("python-value-locked-increment-per-process", sum(per_process) / len(per_process), "ops/s")
    lock = mp.Lock()

    def lock_unlock():
        for _ in range(BATCH):
            lock.acquire()
            lock.release()
    benchlib.emit("python-lock-uncontended", benchlib.throughput(lock_unlock, BATCH, seconds), "ops/s")


if __name__ == "__main__":
    main()
