/**
 * The file layouts, the mapping registry, process liveness and the waiting strategy behind {@code dev.mproc.shm};
 * not API.
 */
package dev.mproc.shm.internal;
