package dev.mproc.internal.ring;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.mproc.Process;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A ring between two JVMs: what a writer killed with kill -9 leaves behind. */
@ExtendWith(NoLeaks.class)
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class RingProcessTest {

    @TempDir
    Path dir;

    @Test
    void shouldDeliverWhatAKilledWriterCommittedAndNothingOfTheMessageItWasWriting() throws Exception {
        final RingFile file = RingFile.create(dir.resolve("ring"), RingDescriptor.MIN_CAPACITY);
        final String path = file.path().toString();
        try (Process writer = Process.start(() -> {
            final RingWriter ring = new RingWriter(RingFile.attach(Path.of(path)), () -> { }, new LocalBell());
            for (int i = 0; i < 3; i++) {
                ring.write(ByteBuffer.wrap(new byte[] {(byte) i}));
            }
            // Larger than the ring: its first records go in, then the writer parks for room, mid-message.
            ring.write(ByteBuffer.allocate(64 * 1024));
        })) {
            Await.until("the writer is parked in the middle of its last message",
                () -> file.parked(RingDescriptor.WRITER_PARKED_OFFSET) == 1);
            writer.kill();
            writer.join();
            assertEquals(137, writer.exitCode().getAsInt());
        }
        final LocalBell writerGone = new LocalBell();
        writerGone.peerLeft();
        final RingReader reader = new RingReader(file, () -> { }, writerGone);
        final List<byte[]> received = new ArrayList<>();
        while (received.size() < 3) {
            reader.read(message -> {
                final byte[] bytes = new byte[message.remaining()];
                message.get(bytes);
                received.add(bytes);
            }, 10);
        }
        assertThrows(EOFException.class, () -> reader.read(message -> received.add(new byte[0]), 10));
        assertEquals(3, received.size(), "the three committed messages, not the one cut short");
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(new byte[] {(byte) i}, received.get(i));
        }
    }
}
