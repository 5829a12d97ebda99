/**
 * A server of shared objects and the proxies that reach them from any process, on this machine or another:
 * Python's {@code multiprocessing.managers}. Start with {@link dev.mproc.manager.Manager}.
 */
package dev.mproc.manager;
