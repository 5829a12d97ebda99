"""Python's side of PipeBenchmark: Connection.send_bytes throughput between two processes, and 64 B ping-pong.

Prints one line per scenario: `scenario=<id> value=<number> unit=<unit>`.
"""
import multiprocessing as mp
import sys
import time


def drain(conn, count):
    for _ in range(count):
        conn.recv_bytes()
    conn.send_bytes(b"done")


def echo(conn, count):
    for _ in range(count):
        conn.send_bytes(conn.recv_bytes())


def throughput(size, seconds):
    payload = b"x" * size
    count = max(200, int(seconds * min(400_000, 2_000_000_000 // (size * 4 + 1))))
    parent, child = mp.Pipe()
    p = mp.Process(target=drain, args=(child, count))
    p.start()
    start = time.perf_counter()
    for _ in range(count):
        parent.send_bytes(payload)
    parent.recv_bytes()
    elapsed = time.perf_counter() - start
    p.join()
    return count / elapsed


def drain_objects(conn, count):
    for _ in range(count):
        conn.recv()
    conn.send_bytes(b"done")


def object_throughput(seconds):
    count = int(seconds * 100_000)
    parent, child = mp.Pipe()
    p = mp.Process(target=drain_objects, args=(child, count))
    p.start()
    value = [42, None, "hello"]
    start = time.perf_counter()
    for _ in range(count):
        parent.send(value)
    parent.recv_bytes()
    elapsed = time.perf_counter() - start
    p.join()
    return count / elapsed


def ping_pong(rounds):
    parent, child = mp.Pipe()
    p = mp.Process(target=echo, args=(child, rounds + 1000))
    p.start()
    payload = b"x" * 64
    for _ in range(1000):
        parent.send_bytes(payload)
        parent.recv_bytes()
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        parent.send_bytes(payload)
        parent.recv_bytes()
        times.append(time.perf_counter() - start)
    p.join()
    times.sort()
    return times[len(times) // 2] * 1e6, times[int(len(times) * 0.99)] * 1e6


def main():
    seconds = float(sys.argv[1]) if len(sys.argv) > 1 else 1.0
    mp.set_start_method("spawn")
    for size, label in ((64, "64B"), (4096, "4KiB"), (1 << 20, "1MiB")):
        print("scenario=python-pipe-send-bytes-%s value=%.1f unit=msgs/s" % (label, throughput(size, seconds)),
              flush=True)
    print("scenario=python-pipe-send-object value=%.1f unit=msgs/s" % object_throughput(seconds), flush=True)
    median, p99 = ping_pong(int(20_000 * seconds))
    print("scenario=python-pipe-ping-pong-64B-median value=%.2f unit=us" % median)
    print("scenario=python-pipe-ping-pong-64B-p99 value=%.2f unit=us" % p99)


if __name__ == "__main__":
    main()
