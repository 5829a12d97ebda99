"""What every baseline script shares: its argument, its output line, and JMH's ways of timing.

Each script measures Python's multiprocessing with the start method Linux gives it by default (fork up to Python
3.13, forkserver from 3.14) unless a scenario names another, and prints one line per scenario:

    scenario=<id> value=<number> unit=<unit> method=<start method>

As on the JMH side, the clock covers exactly the operations counted, after every process taking part is ready, with
one warm-up iteration and two measured iterations of the given seconds (the report's quick mode; it passes 3 seconds
in its full mode). The report runs each script once per round, interleaved with the JVM side.
"""
import multiprocessing as mp
import sys
import time

WARMUP_ITERATIONS = 1
MEASURED_ITERATIONS = 2


def seconds():
    """The length of one iteration: the script's first argument, 1 s by default."""
    return float(sys.argv[1]) if len(sys.argv) > 1 else 1.0


def emit(scenario, value, unit, method=None):
    """Prints one scenario line for the report."""
    print("scenario=%s value=%.4f unit=%s method=%s" % (scenario, value, unit, method or mp.get_start_method()),
          flush=True)


def throughput(operation, per_call, seconds):
    """JMH's throughput mode: calls `operation` (which does `per_call` operations) through the warm-up and measured
    iterations of `seconds` each, and returns the mean rate of the measured iterations, in operations per second."""
    rates = []
    for iteration in range(WARMUP_ITERATIONS + MEASURED_ITERATIONS):
        count = 0
        start = time.perf_counter()
        deadline = start + seconds
        while True:
            operation()
            count += per_call
            now = time.perf_counter()
            if now >= deadline:
                break
        if iteration >= WARMUP_ITERATIONS:
            rates.append(count / (now - start))
    return sum(rates) / len(rates)


def sample_times(operation, seconds, before=None):
    """JMH's sample-time mode: times every call of `operation` through the warm-up and measured iterations of
    `seconds` each, and returns the measured calls' times in seconds, sorted. `before`, if given, runs before each
    call, off the clock (JMH's per-invocation set-up)."""
    samples = []
    for iteration in range(WARMUP_ITERATIONS + MEASURED_ITERATIONS):
        deadline = time.perf_counter() + seconds
        while True:
            if before is not None:
                before()
            start = time.perf_counter()
            operation()
            end = time.perf_counter()
            if iteration >= WARMUP_ITERATIONS:
                samples.append(end - start)
            if end >= deadline:
                break
    samples.sort()
    return samples


def percentile(samples, fraction):
    """The value below which `fraction` of the sorted `samples` lie."""
    return samples[min(len(samples) - 1, int(len(samples) * fraction))]
