package dev.mproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.hazelcast.spi.exception.TargetDisconnectedException;
import dev.mproc.AsyncResult;
import dev.mproc.Pool;
import dev.mproc.Process;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Members killed with kill -9 under load: the cluster shrinks as the tests go, so they run in order. */
@ExtendWith(NoLeaks.class)
@Timeout(180)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterFaultTest {

    private static Cluster cluster;

    @BeforeAll
    static void startMembers() throws Exception {
        cluster = Cluster.builder().members(3).poolThreadsPerMember(2).memberJvmOptions("-Xmx256m")
            .startTimeout(Duration.ofSeconds(30)).start();
    }

    @AfterAll
    static void stopMembers() {
        cluster.close();
    }

    @Test
    @Order(1)
    void shouldRunAgainElsewhereTheUnitsOfAMemberKilledDuringAMap() throws Exception {
        final Pool pool = cluster.pool();
        final Process victim = cluster.memberProcesses().get(0);
        final ConcurrentMap<Integer, Long> started = cluster.dict("started");
        final ConcurrentMap<String, Boolean> flags = cluster.dict("flags");
        final AsyncResult<List<List<Long>>> result = pool.mapAsync(x -> {
            OnMember.member().getMap("started").put(x, ProcessHandle.current().pid());
            OnMember.awaitFlag("go");
            return List.of((long) x * x, ProcessHandle.current().pid());
        }, IntStream.range(0, 12).boxed().collect(Collectors.toList()), 1);
        Await.until("the victim runs a unit", () -> started.containsValue(victim.pid()));
        victim.kill();
        victim.join();
        // A call in flight to the killed member fails with Hazelcast's TargetDisconnectedException: try again.
        Await.until("the go flag is set", () -> {
            try {
                flags.put("go", true);
                return true;
            } catch (final TargetDisconnectedException inFlightToTheKilledMember) {
                return false;
            }
        });
        final List<List<Long>> results = result.get();
        for (int x = 0; x < 12; x++) {
            assertEquals((long) x * x, results.get(x).get(0));
            assertTrue(results.get(x).get(1) != victim.pid(), "no result comes from the killed member");
        }
        Await.until("the cluster drops the killed member", () -> cluster.size() == 2);
    }

    @Test
    @Order(2)
    void shouldReleaseTheLockOfAKilledMember(@TempDir final Path dir) throws Exception {
        final Pool pool = cluster.pool();
        // The job runs again elsewhere once its member is killed: only its first run takes the lock. Which run it is
        // comes from a file, not from the cluster, whose maps may still be recovering from the kill on the re-run.
        final String marker = dir.resolve("holder").toString();
        final AsyncResult<Long> holding = pool.applyAsync(() -> {
            final long pid = ProcessHandle.current().pid();
            try {
                Files.createFile(Path.of(marker + ".claimed"));
            } catch (final FileAlreadyExistsException rerun) {
                return pid;
            }
            OnMember.member().getMap("mproc-locks").lock("member-held");
            Files.writeString(Path.of(marker + ".new"), Long.toString(pid));
            Files.move(Path.of(marker + ".new"), Path.of(marker));
            OnMember.awaitFlag("release");
            return pid;
        });
        Await.until("a member holds the lock", () -> Files.exists(Path.of(marker)));
        final long holderPid = Long.parseLong(Files.readString(Path.of(marker)));
        final Lock lock = cluster.lock("member-held");
        assertFalse(lock.tryLock());
        final Process member = cluster.memberProcesses().stream().filter(p -> p.pid() == holderPid)
            .findFirst().orElseThrow();
        member.kill();
        member.join();
        assertTrue(lock.tryLock(Await.HANG.toSeconds(), TimeUnit.SECONDS), "the dead member's lock is freed");
        lock.unlock();
        assertTrue(holding.get(Await.HANG) != member.pid(), "the job ran again on a live member");
    }

    @Test
    @Order(3)
    void shouldFailWithMemberLostWhenNoMemberIsLeft() throws Exception {
        final Pool pool = cluster.pool();
        final AsyncResult<Long> result = pool.applyAsync(() -> {
            OnMember.member().getMap("running").put("job", ProcessHandle.current().pid());
            OnMember.awaitFlag("never");
            return 0L;
        });
        Await.until("the job runs", () -> cluster.dict("running").containsKey("job"));
        for (final Process member : cluster.memberProcesses()) {
            if (member.isAlive()) {
                member.kill();
            }
            member.join();
        }
        final ExecutionException e = assertThrows(ExecutionException.class, result::get);
        assertInstanceOf(MemberLostException.class, e.getCause());
        assertFalse(result.successful());
    }
}
