/**
 * JMH benchmarks of mproc, each beside its baseline measured in the same run.
 */
package dev.mproc.bench;
