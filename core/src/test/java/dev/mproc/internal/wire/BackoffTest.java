package dev.mproc.internal.wire;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void shouldDoubleEachPauseUpToTheCapAndStartOverAfterASuccess() {
        final Backoff backoff = Backoff.exponential(Duration.ofNanos(5), Duration.ofNanos(30));
        assertEquals(5, backoff.nextPauseNanos());
        assertEquals(10, backoff.nextPauseNanos());
        assertEquals(20, backoff.nextPauseNanos());
        assertEquals(30, backoff.nextPauseNanos());
        assertEquals(30, backoff.nextPauseNanos());
        backoff.reset();
        assertEquals(5, backoff.nextPauseNanos());
    }

    @Test
    void shouldNotOverflowNearTheLargestPause() {
        final Backoff backoff = Backoff.exponential(Duration.ofNanos(Long.MAX_VALUE / 2 + 1),
            Duration.ofNanos(Long.MAX_VALUE));
        backoff.nextPauseNanos();
        assertEquals(Long.MAX_VALUE, backoff.nextPauseNanos());
        assertEquals(Long.MAX_VALUE, backoff.nextPauseNanos());
    }

    @Test
    void shouldRejectACapBelowTheFirstPause() {
        assertThrows(IllegalArgumentException.class,
            () -> Backoff.exponential(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }
}
