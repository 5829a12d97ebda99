/**
 * Queues shared by processes, that lose nothing: {@link dev.mproc.queue.Queue} (a
 * {@link java.util.concurrent.BlockingQueue}), {@link dev.mproc.queue.SimpleQueue} and
 * {@link dev.mproc.queue.JoinableQueue}, as in Python's {@code multiprocessing}.
 */
package dev.mproc.queue;
