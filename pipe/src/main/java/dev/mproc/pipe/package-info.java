/**
 * Pipes between two processes, and authenticated listeners and clients over Unix domain sockets or TCP: Python's
 * {@code multiprocessing.Pipe} and {@code multiprocessing.connection}.
 */
package dev.mproc.pipe;
