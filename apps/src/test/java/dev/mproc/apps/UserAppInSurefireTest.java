package dev.mproc.apps;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.mproc.shm.NoShmLeaks;
import dev.mproc.testing.NoLeaks;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The app's scenarios as a JUnit test of the user's own project, in surefire's fork started with no argLine: each
 * passes, prints and logs no WARNING or SEVERE (children's output included, which surefire's fork pipes), and leaves
 * no process, socket or shared-memory file behind.
 */
@ExtendWith({NoLeaks.class, NoShmLeaks.class})
class UserAppInSurefireTest {

    @Test
    void shouldRunInAForkWithNoJvmFlag() {
        final List<String> flags = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(flag -> flag.startsWith("--add-") || flag.startsWith("--enable-native-access"))
            .collect(Collectors.toList());
        assertEquals(List.of(), flags, "the fork's module flags");
    }

    @Test
    void shouldGetEveryItemAChildPutsOnAQueueInOrder() throws Exception {
        assertEquals("process and queue: 100 items arrived in order", strictly(UserApp::processWithQueue));
    }

    @Test
    void shouldMapOverTwoPoolWorkers() throws Exception {
        assertEquals("pool map: [1, 4, 9, 16, 25, 36, 49, 64, 81, 100]", strictly(UserApp::poolMap));
    }

    @Test
    void shouldCountEveryIncrementOfTwoChildrenUnderTheValuesLock() throws Exception {
        assertEquals("shared value under its lock: 4000", strictly(UserApp::sharedValueUnderItsLock));
    }

    @Test
    void shouldReadWhatAChildWroteToAManagerDict() throws Exception {
        assertEquals("manager dict: {one=1, three=3, two=2}", strictly(UserApp::managerDict));
    }

    /** Runs a scenario under {@link StrictOutput}, which fails it on any WARNING or SEVERE. */
    @SuppressWarnings("try") // the watch is only closed, which is its check
    private static String strictly(final Callable<String> scenario) throws Exception {
        try (StrictOutput strict = StrictOutput.install()) {
            return scenario.call();
        }
    }
}
