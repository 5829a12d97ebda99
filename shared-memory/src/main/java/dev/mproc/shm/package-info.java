/**
 * Shared memory between processes: values and arrays with atomic operations, raw shared memory, and robust
 * cross-process locks, semaphores, events, conditions and barriers, all on memory-mapped files.
 */
package dev.mproc.shm;
