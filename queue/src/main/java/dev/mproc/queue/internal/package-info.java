/**
 * The machinery behind {@code dev.mproc.queue}: the owner's store and server, the client of a queue attached in
 * another process, and their message format. Not API.
 */
package dev.mproc.queue.internal;
