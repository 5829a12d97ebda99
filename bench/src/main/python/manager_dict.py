"""Python's Manager().dict() and .list(): put, get and append round trips per second from one client, the peer of
ManagerBenchmark. The manager's server process is started (default start method) before the clock.
"""
import multiprocessing as mp

import benchlib

BATCH = 100


def main():
    seconds = benchlib.seconds()
    with mp.Manager() as manager:
        d = manager.dict()
        items = manager.list()
        state = {"next": 0}

        def puts():
            k = state["next"]
            for i in range(BATCH):
                d[(k + i) & 1023] = k + i
            state["next"] = k + BATCH

        def gets():
            k = state["next"]
            for i in range(BATCH):
                d.get((k + i) & 1023)
            state["next"] = k + BATCH

        def appends():
            for i in range(BATCH):
                items.append(i)

        for name, operation in (("dict-put", puts), ("dict-get", gets), ("list-add", appends)):
            benchlib.emit("python-manager-" + name, benchlib.throughput(operation, BATCH, seconds), "ops/s")


if __name__ == "__main__":
    main()
