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
            // As where the output is inherited, what the child wrote is out once join() returns.
            final String text = captured.toString(StandardCharsets.UTF_8);
            assertTrue(text.contains("a line on the child's output"), text);
            assertTrue(text.contains("a line on the child's error"), text);
        } finally {
            System.setOut(original);
            System.setErr(originalErr);
        }
    }

    @Test
    void shouldHaveCopiedAllOfALongOutputWhenJoinReturns() throws Exception {
        final ByteArrayOutputStream captured = new ByteArrayOutputStream();
        final PrintStream original = System.out;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try (Process child = Process.start(() -> {
            for (int i = 0; i < 20_000; i++) {
                System.out.println("line " + i + " of a long output");
            }
            System.out.println("the last line");
        })) {
            child.join();
            final String text = captured.toString(StandardCharsets.UTF_8);
            assertTrue(text.endsWith("the last line" + System.lineSeparator()), text.substring(
                Math.max(0, text.length() - 200)));
        } finally {
            System.setOut(original);
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
