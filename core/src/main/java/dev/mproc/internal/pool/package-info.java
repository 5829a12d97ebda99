/**
 * The machinery of {@link dev.mproc.Pool}: the parent's engine (its dispatch policy, the supervision of its worker
 * JVMs, its lifecycle, its workers' connections), the worker loop, and the frames between them. Not API, may change
 * without notice.
 */
package dev.mproc.internal.pool;
