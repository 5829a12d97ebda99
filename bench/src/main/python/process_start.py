"""Python's side of ProcessStartBenchmark: start and join of a Process running an empty function.

Measured with the default start method, with spawn (a fresh interpreter, as a JVM child is) and with forkserver (the
Linux default from Python 3.14); each as JMH's sample-time mode does, reporting the median.
"""
import multiprocessing as mp

import benchlib


def nothing():
    pass


def start_join_median_ms(context, seconds):
    def start_join():
        p = context.Process(target=nothing)
        p.start()
        p.join()
    return benchlib.percentile(benchlib.sample_times(start_join, seconds), 0.5) * 1e3


def main():
    seconds = benchlib.seconds()
    default = mp.get_start_method()
    measured = {}
    for label, method in (("default", default), ("spawn", "spawn"), ("forkserver", "forkserver")):
        if method not in measured:
            measured[method] = start_join_median_ms(mp.get_context(method), seconds)
        benchlib.emit("python-process-start-join-median-" + label, measured[method], "ms", method)


if __name__ == "__main__":
    main()
