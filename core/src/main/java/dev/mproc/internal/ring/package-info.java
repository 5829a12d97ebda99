/**
 * Not API: single-producer, single-consumer rings of messages in a memory-mapped file, the same-host data path under
 * mproc's channels, and the doorbell that wakes a parked peer.
 */
package dev.mproc.internal.ring;
