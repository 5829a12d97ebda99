package dev.mproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.internal.Codec;
import dev.mproc.testing.Await;
import dev.mproc.testing.FileCounter;
import dev.mproc.testing.NoLeaks;
import java.io.ByteArrayOutputStream;
import java.io.InvalidObjectException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeaks.class)
class HandleTest {

    @TempDir
    Path dir;

    @Test
    void shouldReattachACapturedObjectInTheChildAndBackInTheParent() throws Exception {
        final FileCounter counter = FileCounter.create(dir.resolve("counter"));
        final String report = dir.resolve("report").toString();
        final String returned = dir.resolve("returned").toString();
        try (Process child = Process.start(() -> {
            counter.increment();
            Files.writeString(Path.of(report), Long.toString(counter.attachedIn()));
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            Codec.standard().encode(List.of(counter, counter), bytes);
            Files.write(Path.of(returned), bytes.toByteArray());
        })) {
            assertTrue(child.join(Await.HANG));
            assertEquals(OptionalInt.of(0), child.exitCode());
            assertEquals(1, counter.value(), "the child changed the counter through its attached copy");
            assertEquals(child.pid(), Long.parseLong(Files.readString(Path.of(report))),
                "the object the task captured was attached in the child");
        }

        final byte[] bytes = Files.readAllBytes(Path.of(returned));
        final List<?> back = (List<?>) Codec.standard().decode(bytes, 0, bytes.length);
        final FileCounter mine = (FileCounter) back.get(0);
        assertEquals(ProcessHandle.current().pid(), mine.attachedIn(), "sent back, it re-attached here");
        assertNotEquals(counter, mine);
        assertSame(back.get(0), back.get(1), "one handle in a stream attaches once");
        mine.increment();
        assertEquals(2, counter.value());
    }

    @Test
    void shouldFailClearlyWhenTheResourceIsGone() throws Exception {
        final Path file = dir.resolve("gone");
        final FileCounter counter = FileCounter.create(file);
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Codec.standard().encode(counter, bytes);
        Files.delete(file);
        final InvalidObjectException e = assertThrows(InvalidObjectException.class,
            () -> Codec.standard().decode(bytes.toByteArray(), 0, bytes.size()));
        assertTrue(e.getMessage().contains("cannot attach FileCounter handle " + file), e.getMessage());
        assertEquals(NoSuchFileException.class, e.getCause().getClass());
    }
}
