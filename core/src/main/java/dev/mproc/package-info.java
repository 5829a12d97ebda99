/**
 * mproc's core API: child JVM processes ({@link dev.mproc.Process}), the process tree ({@link dev.mproc.Processes}),
 * the one mechanism by which IPC objects cross into other processes ({@link dev.mproc.Handle}), and the codec.
 */
package dev.mproc;
