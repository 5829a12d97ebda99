package dev.mproc.pipe.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What a pipe end keeps for the next holder of the other end, in one JVM. */
class SentLogTest {

    @Test
    void shouldKeepWhatWasNotDeliveredInOrder() {
        final SentLog log = new SentLog();
        for (int i = 0; i < 5; i++) {
            log.append(2, bytes("m" + i));
        }
        log.dropDelivered(2);
        assertEquals(List.of("m2", "m3", "m4"), messages(log.startSession()));
    }

    @Test
    void shouldNumberTheKeptMessagesAfreshInTheNextSession() {
        final SentLog log = new SentLog();
        for (int i = 0; i < 4; i++) {
            log.append(2, bytes("m" + i));
        }
        log.dropDelivered(1);
        log.startSession();
        log.append(2, bytes("m4"));
        // The new holder received m1 and m2, the first two of its session.
        log.dropDelivered(2);
        assertEquals(List.of("m3", "m4"), messages(log.startSession()));
    }

    @Test
    void shouldNotCopyAHugeMessageButKeepTheNumbering() {
        final SentLog log = new SentLog();
        log.append(2, bytes("m0"));
        final ByteBuffer huge = ByteBuffer.allocate(SentLog.KEPT_MESSAGE_LIMIT + 1);
        log.append(huge.remaining(), huge);
        log.append(2, bytes("m2"));
        log.dropDelivered(1);
        assertEquals(List.of("m2"), messages(log.startSession()));
        log.dropDelivered(1);
        assertTrue(log.isEmpty());
    }

    @Test
    void shouldEmptyWhenEverythingWasDelivered() {
        final SentLog log = new SentLog();
        for (int i = 0; i < 1000; i++) {
            log.append(5000, ByteBuffer.allocate(5000));
        }
        log.dropDelivered(1000);
        assertTrue(log.isEmpty());
        assertEquals(0, log.startSession().remaining());
    }

    private static ByteBuffer bytes(final String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII));
    }

    private static List<String> messages(final ByteBuffer framed) {
        final List<String> messages = new ArrayList<>();
        while (framed.hasRemaining()) {
            final byte[] message = new byte[framed.getInt()];
            framed.get(message);
            messages.add(new String(message, StandardCharsets.US_ASCII));
        }
        return messages;
    }
}
