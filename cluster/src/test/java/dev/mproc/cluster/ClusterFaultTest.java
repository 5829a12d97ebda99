package dev.mproc.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.AsyncResult;
import dev.mproc.Pool;
import dev.mproc.Process;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
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
        final AsyncResult<List<List<Long>>> result = pool.mapAsync(x -> {
            OnMember.member().getMap("started").put(x, ProcessHandle.current().pid());
            OnMember.awaitFlag("go");
            return List.of((long) x * x, ProcessHandle.current().pid());
        }, IntStream.range(0, 12).boxed().collect(Collectors.toList()), 1);
        Await.until("the victim runs a unit", () -> started.containsValue(victim.pid()));
        victim.kill();
        victim.join();
        cluster.dict("flags").put("go", true);
        final List<List<Long>> results = result.get();
        for (int x = 0; x < 12; x++) {
            assertEquals((long) x * x, results.get(x).get(0));
            assertTrue(results.get(x).get(1) != victim.pid(), "no result comes from the killed member");
        }
        Await.until("the cluster drops the killed member", () -> cluster.size() == 2);
    }

    @Test
    @Order(2)
    void shouldReleaseTheLockOfAKilledMember() throws Exception {
        final Pool pool = cluster.pool();
        // The job runs again elsewhere once its member is killed: only its first run takes the lock.
        final AsyncResult<Long> holding = pool.applyAsync(() -> {
            final long pid = ProcessHandle.current().pid();
            if (OnMember.member().getMap("holder").putIfAbsent("pid", pid) == null) {
                OnMember.member().getMap("mproc-locks").lock("member-held");
                OnMember.awaitFlag("release");
            }
            return pid;
        });
        final ConcurrentMap<String, Long> holder = cluster.dict("holder");
        Await.until("a member holds the lock", () -> holder.containsKey("pid")
            && cluster.hazelcast().getMap("mproc-locks").isLocked("member-held"));
        final Lock lock = cluster.lock("member-held");
        assertFalse(lock.tryLock());
        final Process member = cluster.memberProcesses().stream().filter(p -> p.pid() == holder.get("pid"))
            .findFirst().orElseThrow();
        member.kill();
        member.join();
        assertTrue(lock.tryLock(Await.HANG.toSeconds(), TimeUnit.SECONDS), "the dead member's lock is freed");
        lock.unlock();
        assertTrue(holding.get() != member.pid(), "the job ran again on a live member");
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
