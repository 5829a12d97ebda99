/**
 * The machinery of {@link dev.mproc.Pool}: the parent's dispatcher and worker links, the worker loop, and the frames
 * between them. Not API, may change without notice.
 */
package dev.mproc.internal.pool;
