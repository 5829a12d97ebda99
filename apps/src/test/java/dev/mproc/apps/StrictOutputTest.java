package dev.mproc.apps;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The check of the strict run, in one JVM: what fails it, and what it restores. The streams and the root logger's
 * handlers are swapped out meanwhile, so that the warnings made here stay out of the build's log.
 */
class StrictOutputTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private PrintStream realOut;
    private PrintStream realErr;
    private List<Handler> rootHandlers;

    @BeforeEach
    void captureStreamsAndLog() {
        realOut = System.out;
        realErr = System.err;
        System.setOut(new PrintStream(printed, true));
        System.setErr(new PrintStream(printed, true));
        final Logger root = Logger.getLogger("");
        rootHandlers = List.of(root.getHandlers());
        rootHandlers.forEach(root::removeHandler);
    }

    @AfterEach
    void restoreStreamsAndLog() {
        System.setOut(realOut);
        System.setErr(realErr);
        rootHandlers.forEach(Logger.getLogger("")::addHandler);
    }

    @Test
    void shouldPassAQuietRunAndPrintItsLines() {
        final StrictOutput strict = StrictOutput.install();
        System.out.println("an ordinary line");
        assertDoesNotThrow(strict::close);
        assertEquals("an ordinary line" + System.lineSeparator(), printed.toString());
    }

    @Test
    void shouldFailARunThatPrintedAWarningLine() {
        final StrictOutput strict = StrictOutput.install();
        System.err.println("WARNING: printed by a child");
        final IllegalStateException e = assertThrows(IllegalStateException.class, strict::close);
        assertTrue(e.getMessage().contains("WARNING: printed by a child"), e.getMessage());
    }

    @Test
    void shouldFailARunThatLoggedASevereRecordEvenWhenNothingPrintedIt() {
        final StrictOutput strict = StrictOutput.install();
        Logger.getLogger(StrictOutputTest.class.getName()).severe("the record");
        final IllegalStateException e = assertThrows(IllegalStateException.class, strict::close);
        assertTrue(e.getMessage().contains("SEVERE logged by " + StrictOutputTest.class.getName() + ": the record"),
            e.getMessage());
    }

    @Test
    void shouldRestoreTheStreamsAndTheChildOutputProperty() {
        final PrintStream out = System.out;
        final PrintStream err = System.err;
        final String before = System.getProperty(StrictOutput.CHILD_OUTPUT);
        final StrictOutput strict = StrictOutput.install();
        assertEquals("pipe", System.getProperty(StrictOutput.CHILD_OUTPUT));
        strict.close();
        assertSame(out, System.out);
        assertSame(err, System.err);
        assertEquals(before, System.getProperty(StrictOutput.CHILD_OUTPUT));
    }
}
