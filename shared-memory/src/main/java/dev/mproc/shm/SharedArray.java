package dev.mproc.shm;

import dev.mproc.shm.internal.ArrayDescriptor;
import dev.mproc.shm.internal.Segment;
import java.util.Objects;

/** What the array classes share: their length, and the bounds checks on element indexes and ranges. */
abstract class SharedArray extends SharedData {

    private static final long serialVersionUID = 1L;

    private final transient int base;
    private final transient int length;
    private final transient int elementBytes;

    SharedArray(final Segment segment, final Attacher<?> attacher, final int elementBytes) {
        super(segment, attacher);
        this.base = ArrayDescriptor.elements();
        this.length = ArrayDescriptor.length(segment);
        this.elementBytes = elementBytes;
    }

    /** @return the number of elements */
    public int length() {
        return length;
    }

    /** @return the address of an element in {@link #buffer} */
    final int address(final int index) {
        ensureOpen();
        return base + Objects.checkIndex(index, length) * elementBytes;
    }

    /** Fails when this is closed or the range is not within the array; checked before a bulk copy. */
    final void checkRange(final int index, final int count) {
        ensureOpen();
        Objects.checkFromIndexSize(index, count, length);
    }
}
