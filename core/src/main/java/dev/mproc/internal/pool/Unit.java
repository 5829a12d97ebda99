package dev.mproc.internal.pool;

/**
 * What a worker runs at once: the one call of an {@code apply}, or a chunk of consecutive items of a {@code map}.
 */
final class Unit {

    final long id;
    final Work work;
    /** The position of this unit among its work's units. */
    final int ordinal;
    /** The position of its first item among its work's items. */
    final int firstItem;
    /** The items, encoded as the {@code items} of {@link PoolProtocol}. */
    final byte[] items;

    Unit(final long id, final Work work, final int ordinal, final int firstItem, final byte[] items) {
        this.id = id;
        this.work = work;
        this.ordinal = ordinal;
        this.firstItem = firstItem;
        this.items = items;
    }
}
