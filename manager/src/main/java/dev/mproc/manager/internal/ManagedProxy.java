package dev.mproc.manager.internal;

/** A hand-written proxy (dict, list, set, queue) that exposes its reference. */
interface ManagedProxy {

    /** @return the reference the proxy calls through */
    ObjectRef ref();
}
