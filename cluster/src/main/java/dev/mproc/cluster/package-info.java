/**
 * The same {@link dev.mproc.Pool} verbs and shared objects (dict, list, queue, lock, values, namespace) on a Hazelcast
 * cluster, for work that outgrows one machine: {@link dev.mproc.cluster.Cluster} is the entry point.
 */
package dev.mproc.cluster;
