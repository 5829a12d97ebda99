package dev.mproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.internal.ChildOutput;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** In a surefire fork, a child's output reaches the runner's streams, not the descriptor surefire talks through. */
@ExtendWith(NoLeaks.class)
class ChildOutputTest {

    @Test
    void shouldCopyAChildsOutputIntoTheStreamsTheRunnerCaptures() throws Exception {
        assertTrue(ChildOutput.piped(), "this test runs in a surefire fork");
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final PrintStream original = System.out;
        final PrintStream originalErr = System.err;
        final PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        System.setOut(capture);
        System.setErr(capture);
        try (Process child = Process.start(() -> {
            System.out.println("a line on the child's output");
            System.err.println("a line on the child's error");
        })) {
            assertTrue(child.join(Await.HANG));
            assertEquals(OptionalInt.of(0), child.exitCode());
            Await.until("the child's lines to be copied", () -> {
                final String text = captured.toString(StandardCharsets.UTF_8);
                return text.contains("a line on the child's output") && text.contains("a line on the child's error");
            });
        } finally {
            System.setOut(original);
            System.setErr(originalErr);
        }
    }

    @Test
    void shouldLetThePropertyChoose() {
        final String before = System.getProperty(ChildOutput.PROPERTY);
        try {
            System.setProperty(ChildOutput.PROPERTY, "inherit");
            assertFalse(ChildOutput.piped());
            System.setProperty(ChildOutput.PROPERTY, "pipe");
            assertTrue(ChildOutput.piped());
        } finally {
            if (before == null) {
                System.clearProperty(ChildOutput.PROPERTY);
            } else {
                System.setProperty(ChildOutput.PROPERTY, before);
            }
        }
    }
}
