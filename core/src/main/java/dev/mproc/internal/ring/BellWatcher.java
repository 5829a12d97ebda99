package dev.mproc.internal.ring;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The one thread of a process that reads every {@link SocketBell}'s socket, so that a parked waiter needs no thread of
 * its own and an idle process costs no CPU. Started with the first bell; a daemon thread.
 */
final class BellWatcher implements Runnable {

    private static final System.Logger LOG = System.getLogger(BellWatcher.class.getName());
    private static BellWatcher instance;

    private final Selector selector;
    private final Queue<SocketBell> added = new ConcurrentLinkedQueue<>();
    private final Queue<SocketBell> removed = new ConcurrentLinkedQueue<>();

    private BellWatcher() throws IOException {
        this.selector = Selector.open();
    }

    static void watch(final SocketBell bell) throws IOException {
        final BellWatcher watcher = instance();
        watcher.added.add(bell);
        watcher.selector.wakeup();
    }

    static void forget(final SocketBell bell) {
        final BellWatcher watcher;
        synchronized (BellWatcher.class) {
            watcher = instance;
        }
        if (watcher != null) {
            watcher.removed.add(bell);
            watcher.selector.wakeup();
        }
    }

    private static synchronized BellWatcher instance() throws IOException {
        if (instance == null) {
            instance = new BellWatcher();
            final Thread thread = new Thread(instance, "mproc-doorbells");
            thread.setDaemon(true);
            thread.start();
        }
        return instance;
    }

    @Override
    public void run() {
        while (true) {
            try {
                selector.select();
                register();
                for (final SelectionKey key : selector.selectedKeys()) {
                    final SocketBell bell = (SocketBell) key.attachment();
                    bell.readable();
                    if (bell.peerGone()) {
                        key.cancel();
                    }
                }
                selector.selectedKeys().clear();
            } catch (final IOException | RuntimeException e) {
                // One bell's failure must not stop the others' wake-ups; its waiters re-check on their own.
                LOG.log(System.Logger.Level.DEBUG, "doorbell watcher", e);
            }
        }
    }

    private void register() {
        for (SocketBell bell = added.poll(); bell != null; bell = added.poll()) {
            try {
                bell.socket().register(selector, SelectionKey.OP_READ, bell);
            } catch (final IOException e) {
                bell.readable();
            }
        }
        for (SocketBell bell = removed.poll(); bell != null; bell = removed.poll()) {
            final SelectionKey key = bell.socket().keyFor(selector);
            if (key != null) {
                key.cancel();
            }
        }
    }
}
