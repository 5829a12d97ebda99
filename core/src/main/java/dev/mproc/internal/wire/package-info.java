/**
 * The wire: length-prefixed frames and the authkey challenge of Python's {@code multiprocessing.connection}, over
 * Unix domain sockets and TCP; used by every module that talks between processes. Not API.
 */
package dev.mproc.internal.wire;
