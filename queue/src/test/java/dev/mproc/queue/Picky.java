package dev.mproc.queue;

import java.io.Serializable;

/** An item whose validating constructor rejects every value in a process that sets {@link #REFUSE}. */
record Picky(int n) implements Serializable {

    /** The system property that makes decoding fail in a process. */
    static final String REFUSE = "mproc.test.picky.refuse";

    Picky {
        if (Boolean.getBoolean(REFUSE)) {
            throw new IllegalArgumentException("picky refuses " + n);
        }
    }
}
