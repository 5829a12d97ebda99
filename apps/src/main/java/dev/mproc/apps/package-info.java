/**
 * A small user app that every launcher of the apps module runs with no JVM flag: checks of mproc, not a library.
 */
package dev.mproc.apps;
