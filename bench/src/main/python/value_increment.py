"""Python's side of the shared-memory benchmarks: increments of a shared Value from 2 processes, an uncontended
Lock, and the wake-up of a waiter parked on an Event in another process.

Python's Value has no atomic add: `with v.get_lock(): v.value += 1` is the only correct increment. Both workers
(default start method) meet at a barrier once started, then each times its own increments as JMH's throughput mode
does while the other increments too; the figure is their mean rate, per process.

The wake-up is SharedMemoryBenchmark.wakeUpParkedWaiter's round trip: the parent sets `ping` and waits for `pong`,
which a child waiting on `ping` sets; before each round trip, off the clock, 3 ms pass without a ping so that the
child is asleep in its wait, as on the JVM side.
"""
import multiprocessing as mp
import time

import benchlib

BATCH = 100
PARKED_SECONDS = 0.003


def increment(value, ready, seconds, rates):
    lock = value.get_lock()

    def batch():
        for _ in range(BATCH):
            with lock:
                value.value += 1
    ready.wait()
    rates.put(benchlib.throughput(batch, BATCH, seconds))


def answer_pings(ping, pong, stop, ready):
    ready.set()
    while not stop.is_set():
        if ping.wait(0.1):
            ping.clear()
            pong.set()


def parked_wake_up_us(seconds):
    ping, pong, stop, ready = mp.Event(), mp.Event(), mp.Event(), mp.Event()
    child = mp.Process(target=answer_pings, args=(ping, pong, stop, ready))
    child.start()
    ready.wait()

    def round_trip():
        ping.set()
        pong.wait()
        pong.clear()
    samples = benchlib.sample_times(round_trip, seconds, before=lambda: time.sleep(PARKED_SECONDS))
    stop.set()
    child.join()
    return benchlib.percentile(samples, 0.5) * 1e6


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
    benchlib.emit("python-event-parked-wake-up-median", parked_wake_up_us(seconds), "us")


if __name__ == "__main__":
    main()
