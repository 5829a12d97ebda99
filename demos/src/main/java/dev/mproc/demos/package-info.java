/**
 * The reference article's examples as runnable teaching demos, and the {@link dev.mproc.demos.Tour} that runs them.
 */
package dev.mproc.demos;
