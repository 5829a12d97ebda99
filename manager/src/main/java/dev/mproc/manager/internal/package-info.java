/**
 * Internal machinery of the manager (the server, its object table, the request format, the proxies' plumbing); not
 * API, may change without notice.
 */
package dev.mproc.manager.internal;
