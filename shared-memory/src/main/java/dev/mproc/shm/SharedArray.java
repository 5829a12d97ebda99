package dev.mproc.shm;

import dev.mproc.shm.internal.ArrayDescriptor;
import dev.mproc.shm.internal.Segment;
import java.util.Objects;

/** What the array classes share: their length, and the bounds checks on element indexes and ranges. */
abstract class SharedArray extends SharedData {

    private static final long serialVersionUID = 1L;

    private final transient int length;
    private final transient int elementBytes;

    SharedArray(final Segment segment, final Attacher<?> attacher) {
        super(segment, attacher);
        this.length = ArrayDescriptor.length(segment);
        this.elementBytes = ArrayDescriptor.elementSize(ArrayDescriptor.elementType(segment));
    }

    /** @return the number of elements */
    public int length() {
        return length;
    }

    /** @return the address of an element in {@link #buffer}, once this is known to be open and the index in range */
    final int address(final int index) {
        return address() + Objects.checkIndex(index, length) * elementBytes;
    }

    /**
     * @return the address of the first element of a range in {@link #buffer}, once this is known to be open and the
     *         range within the array; for a bulk copy
     */
    final int address(final int index, final int count) {
        return address() + Objects.checkFromIndexSize(index, count, length) * elementBytes;
    }
}
