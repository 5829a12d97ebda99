"""Python's side of PipeBenchmark: Connection.send_bytes of 64 B, 4 KiB and 1 MiB, send of a small object, and a
64 B ping-pong, between this process and a child started with the default start method.

Throughput: the child drains and says it is ready before the clock starts; an operation is one message sent, as in
JMH's sendBytes, and the child's drain is waited for after the clock stops. Ping-pong: the child echoes.
"""
import multiprocessing as mp

import benchlib

BATCH = 100


def drain_bytes(conn):
    conn.send_bytes(b"ready")
    while conn.recv_bytes():
        pass
    conn.send_bytes(b"done")


def drain_objects(conn):
    conn.send_bytes(b"ready")
    while conn.recv() is not None:
        pass
    conn.send_bytes(b"done")


def echo(conn):
    conn.send_bytes(b"ready")
    while True:
        message = conn.recv_bytes()
        if not message:
            return
        conn.send_bytes(message)


def with_child(target, measure, stop):
    parent, child = mp.Pipe()
    p = mp.Process(target=target, args=(child,))
    p.start()
    parent.recv_bytes()
    result = measure(parent)
    stop(parent)
    p.join()
    return result


def send_bytes_rate(size, seconds):
    payload = b"x" * size

    def measure(conn):
        def batch():
            for _ in range(BATCH):
                conn.send_bytes(payload)
        return benchlib.throughput(batch, BATCH, seconds)

    def stop(conn):
        conn.send_bytes(b"")
        conn.recv_bytes()
    return with_child(drain_bytes, measure, stop)


def send_object_rate(seconds):
    value = [42, None, "hello"]

    def measure(conn):
        def batch():
            for _ in range(BATCH):
                conn.send(value)
        return benchlib.throughput(batch, BATCH, seconds)

    def stop(conn):
        conn.send(None)
        conn.recv_bytes()
    return with_child(drain_objects, measure, stop)


def ping_pong_us(seconds):
    payload = b"x" * 64

    def measure(conn):
        def round_trip():
            conn.send_bytes(payload)
            conn.recv_bytes()
        samples = benchlib.sample_times(round_trip, seconds)
        return benchlib.percentile(samples, 0.5) * 1e6, benchlib.percentile(samples, 0.99) * 1e6
    return with_child(echo, measure, lambda conn: conn.send_bytes(b""))


def main():
    seconds = benchlib.seconds()
    for size, label in ((64, "64B"), (4096, "4KiB"), (1 << 20, "1MiB")):
        benchlib.emit("python-pipe-send-bytes-" + label, send_bytes_rate(size, seconds), "msgs/s")
    benchlib.emit("python-pipe-send-object", send_object_rate(seconds), "msgs/s")
    median, p99 = ping_pong_us(seconds)
    benchlib.emit("python-pipe-ping-pong-64B-median", median, "us")
    benchlib.emit("python-pipe-ping-pong-64B-p99", p99, "us")


if __name__ == "__main__":
    main()
