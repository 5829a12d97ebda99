package dev.mproc.shm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.nio.file.NoSuchFileException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@link SharedMemoryManager}: its blocks are unlinked when it closes, when its process exits, or is killed. */
@ExtendWith({NoLeaks.class, NoShmLeaks.class})
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class SharedMemoryManagerTest {

    /** A name's worth of room in a list slot. */
    private static final String ROOM = "x".repeat(240);

    /** CPython's {@code test_shared_memory_SharedMemoryManager_basics}. */
    @Test
    void test_shared_memory_SharedMemoryManager_basics() throws Exception {
        final List<SharedObject> made = new ArrayList<>();
        try {
            final SharedMemoryManager smm1 = SharedMemoryManager.create();
            final List<ShareableList> lol = new ArrayList<>();
            for (int i = 5; i < 10; i++) {
                lol.add(smm1.shareableList(LongStream.range(0, i).boxed().collect(Collectors.toList())));
            }
            final List<SharedMemory> lom = new ArrayList<>();
            for (int j = 32; j < 128; j += 16) {
                lom.add(smm1.sharedMemory(j));
            }
            made.addAll(lol);
            made.addAll(lom);
            final ShareableList dopplegangerList0 = ShareableList.attach(lol.get(0).name());
            made.add(dopplegangerList0);
            assertEquals(5, dopplegangerList0.size());
            final SharedMemory dopplegangerShm0 = SharedMemory.attach(lom.get(0).name());
            made.add(dopplegangerShm0);
            assertTrue(dopplegangerShm0.size() >= 32);
            final String heldName = lom.get(0).name();
            smm1.close();
            assertThrows(NoSuchFileException.class, () -> SharedMemory.attach(heldName), "no longer there");
            assertEquals(4L, dopplegangerList0.get(4), "those that have it keep using it");
            // Python's manager refuses blocks before start() and after shutdown(); this one is started when made.
            assertThrows(IllegalStateException.class, () -> smm1.sharedMemory(9));
            smm1.close();

            final String heldListName;
            try (SharedMemoryManager smm2 = SharedMemoryManager.create()) {
                final ShareableList sl = smm2.shareableList(List.of("h", "o", "w", "d", "y"));
                made.add(sl);
                made.add(smm2.sharedMemory(128));
                heldListName = sl.name();
            }
            assertThrows(NoSuchFileException.class, () -> ShareableList.attach(heldListName), "no longer there");
        } finally {
            made.forEach(SharedObject::close);
        }
    }

    /**
     * The owner killed with {@code kill -9}: the next process that uses shared memory unlinks its blocks, even a block
     * that another live process (this one) still has mapped and keeps using.
     */
    @Test
    void shouldUnlinkTheBlocksOfAManagerWhoseProcessWasKilled() throws Exception {
        try (ShareableList names = ShareableList.of(ROOM, ROOM); IntValue ready = Value.ofInt(0)) {
            try (Process owner = Process.start(() -> {
                final SharedMemoryManager smm = SharedMemoryManager.create();
                final SharedMemory block = smm.sharedMemory(64);
                block.atomicBuffer().putLongVolatile(0, 42);
                names.set(0, block.name());
                names.set(1, smm.shareableList(List.of("owned")).name());
                ready.set(1);
                Await.untilKilled();
            })) {
                Await.until("the owner made its blocks", () -> ready.get() == 1);
                final String blockName = (String) names.get(0);
                final String listName = (String) names.get(1);
                try (SharedMemory block = SharedMemory.attach(blockName)) {
                    owner.kill();
                    assertTrue(owner.join(Await.HANG));
                    // The next mproc process: its first use of shared memory sweeps.
                    try (Process next = Process.start(() -> {
                        try (SharedMemory any = SharedMemory.create(8)) {
                            any.unlink();
                        }
                    })) {
                        assertTrue(next.join(Await.HANG));
                        assertEquals(0, next.exitCode().getAsInt());
                    }
                    assertThrows(NoSuchFileException.class, () -> SharedMemory.attach(blockName));
                    assertThrows(NoSuchFileException.class, () -> ShareableList.attach(listName));
                    assertEquals(42, block.atomicBuffer().getLongVolatile(0), "this process keeps using its mapping");
                }
            }
            names.shm().unlink();
        }
    }

    /** The owner exits without closing its manager: its blocks are unlinked at its exit, though this one has them. */
    @Test
    void shouldUnlinkTheBlocksOfAManagerAtItsProcessExit() throws Exception {
        try (ShareableList names = ShareableList.of(ROOM); IntValue step = Value.ofInt(0)) {
            try (Process owner = Process.start(() -> {
                final SharedMemoryManager smm = SharedMemoryManager.create();
                names.set(0, smm.sharedMemory(64).name());
                step.set(1);
                Await.until("the parent attached", () -> step.get() == 2);
            })) {
                Await.until("the owner made its block", () -> step.get() == 1);
                final String blockName = (String) names.get(0);
                try (SharedMemory block = SharedMemory.attach(blockName)) {
                    step.set(2);
                    assertTrue(owner.join(Await.HANG));
                    assertEquals(0, owner.exitCode().getAsInt());
                    assertThrows(NoSuchFileException.class, () -> SharedMemory.attach(blockName));
                    assertEquals(64, block.size());
                }
            }
            names.shm().unlink();
        }
    }
}
