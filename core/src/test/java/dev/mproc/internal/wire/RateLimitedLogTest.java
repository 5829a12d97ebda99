package dev.mproc.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimitedLogTest {

    @Test
    void shouldWriteOneLinePerIntervalAndCountTheLinesLeftOut() {
        final RecordingLogger logger = new RecordingLogger();
        final AtomicLong now = new AtomicLong(1_000);
        final RateLimitedLog log = new RateLimitedLog(logger, Duration.ofNanos(100), now::get);

        for (int i = 0; i < 1_000; i++) {
            log.log(System.Logger.Level.WARNING, "accept failed");
        }
        assertEquals(1, logger.lines.size(), "a burst writes one line: " + logger.lines);

        now.addAndGet(100);
        log.log(System.Logger.Level.WARNING, "accept failed");
        assertEquals(2, logger.lines.size());
        assertTrue(logger.lines.get(1).contains("and 999 more like it"), logger.lines.get(1));

        now.addAndGet(100);
        log.log(System.Logger.Level.WARNING, "accept failed");
        assertEquals("WARNING accept failed", logger.lines.get(2), "nothing was left out this time");
    }
}
