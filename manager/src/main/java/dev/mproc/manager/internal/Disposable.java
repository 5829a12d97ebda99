package dev.mproc.manager.internal;

/** A served object that holds resources beyond memory (processes): it is disposed of when it is freed. */
interface Disposable {

    /** Releases what the object holds; called once, outside the object table's monitor. */
    void dispose();
}
