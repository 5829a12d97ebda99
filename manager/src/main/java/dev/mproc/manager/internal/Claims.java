package dev.mproc.manager.internal;

import java.util.ArrayList;
import java.util.List;

/**
 * The elements that calls on one connection took off queues and that its client has not acknowledged yet (see
 * {@link Protocol}): acknowledged by the client's next message, given back to the front of their queues, in their
 * order, if the connection ends first.
 *
 * <p><b>Thread safety:</b> confined to the connection's server thread.
 */
final class Claims {

    private final List<ServedQueue> queues = new ArrayList<>();
    private final List<Object> elements = new ArrayList<>();

    void add(final ServedQueue queue, final Object element) {
        queues.add(queue);
        elements.add(element);
    }

    boolean isEmpty() {
        return elements.isEmpty();
    }

    /** The client has the elements: forget them. */
    void acknowledge() {
        queues.clear();
        elements.clear();
    }

    /** The client does not have them: each goes back to the front of its queue, the earliest taken first in line. */
    void giveBack() {
        for (int i = elements.size() - 1; i >= 0; i--) {
            queues.get(i).giveBack(elements.get(i));
        }
        acknowledge();
    }
}
