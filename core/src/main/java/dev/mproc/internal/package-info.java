/**
 * Internal machinery of mproc (child bootstrap, runtime directory, flag forwarding); not API, may change without
 * notice.
 */
package dev.mproc.internal;
