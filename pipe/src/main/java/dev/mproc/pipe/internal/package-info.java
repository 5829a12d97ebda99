/**
 * The machinery behind pipes and connections (a connection's link to the other end, the rendezvous of pipe ends, the
 * batching sender); not API.
 */
package dev.mproc.pipe.internal;
