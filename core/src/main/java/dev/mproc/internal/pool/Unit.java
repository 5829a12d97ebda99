package dev.mproc.internal.pool;

/**
 * What a worker runs at once: the one call of an {@code apply}, or a chunk of consecutive items of a {@code map}.
 */
final class Unit {

    final long id;
    final Work work;
    /** The position of this unit among its work's units (long: an imap over an endless input has no last). */
    final long ordinal;
    /** The position of its first item among its work's items. */
    final long firstItem;
    /** The items, encoded as the {@code items} of {@link PoolProtocol}. */
    final byte[] items;

    Unit(final long id, final Work work, final long ordinal, final long firstItem, final byte[] items) {
        this.id = id;
        this.work = work;
        this.ordinal = ordinal;
        this.firstItem = firstItem;
        this.items = items;
    }
}
