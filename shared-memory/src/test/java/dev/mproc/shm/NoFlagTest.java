package dev.mproc.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.mproc.Process;
import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Shared memory in a user's JVM started with a plain {@code java -cp} and no flag at all: values, locks, events and
 * raw blocks work in it and in its children, and nothing warns.
 */
@ExtendWith({NoLeaks.class, NoShmLeaks.class})
class NoFlagTest {

    @TempDir
    Path dir;

    @Test
    void shouldWorkInAJvmStartedWithNoFlags() throws Exception {
        final java.lang.Process jvm = Children.launchJvm(dir, PlainMain.class);
        final int status = Children.awaitExit(jvm, Await.HANG);
        final String err = Files.readString(dir.resolve("stderr.txt"));
        assertEquals(0, status, err);
        assertEquals("counter 2000, block 43, event set", Files.readString(dir.resolve("stdout.txt")).strip(), err);
        assertFalse(err.contains("WARNING") || err.contains("SEVERE"), err);
    }

    /** A user's program: a child and this JVM increment a value under its lock, add to a block, set an event. */
    public static final class PlainMain {
        public static void main(final String[] args) throws Exception {
            try (LongValue counter = Value.ofLong(0); SharedMemory block = SharedMemory.create(64);
                 Event started = Event.create()) {
                block.atomicBuffer().putLongVolatile(0, 42);
                try (Process child = Process.start(() -> {
                    started.set();
                    block.atomicBuffer().getAndAddLong(0, 1);
                    incrementUnderItsLock(counter, 1000);
                })) {
                    incrementUnderItsLock(counter, 1000);
                    child.join();
                    if (child.exitCode().orElse(-1) != 0) {
                        System.exit(2);
                    }
                }
                block.unlink();
                System.out.println("counter " + counter.get() + ", block " + block.atomicBuffer().getLongVolatile(0)
                    + ", event " + (started.isSet() ? "set" : "not set"));
            }
        }

        private static void incrementUnderItsLock(final LongValue counter, final int times) {
            for (int i = 0; i < times; i++) {
                counter.getLock().lock();
                try {
                    counter.set(counter.get() + 1);
                } finally {
                    counter.getLock().unlock();
                }
            }
        }
    }
}
