/**
 * The machinery behind pipes and connections (the batching sender, the rendezvous of pipe ends); not API.
 */
package dev.mproc.pipe.internal;
