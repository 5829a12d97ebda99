/**
 * The machinery of {@link dev.mproc.cluster}: member processes, Hazelcast configuration, the pool's calls and results.
 * Not API, may change without notice.
 */
package dev.mproc.cluster.internal;
