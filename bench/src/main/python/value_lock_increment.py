"""Python's baseline for SharedMemoryBenchmark.contendedLockedIncrement: two processes each add 1 to one
multiprocessing.Value under its get_lock(); prints the combined increments per microsecond."""
import multiprocessing as mp
import sys
import time

N = int(sys.argv[1]) if len(sys.argv) > 1 else 200_000


def work(value, n):
    lock = value.get_lock()
    for _ in range(n):
        with lock:
            value.value += 1


if __name__ == "__main__":
    value = mp.Value("q", 0)
    procs = [mp.Process(target=work, args=(value, N)) for _ in range(2)]
    start = time.time()
    for p in procs:
        p.start()
    for p in procs:
        p.join()
    elapsed = time.time() - start
    assert value.value == 2 * N, value.value
    print(f"python Value+get_lock, 2 processes: {2 * N / elapsed / 1e6:.4f} increments/us "
          f"({2 * N} in {elapsed:.2f} s)")
