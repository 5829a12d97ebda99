package dev.mproc.pipe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.Process;
import dev.mproc.testing.Await;
import dev.mproc.testing.NoLeaks;
import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Waiting on the ends of several pipes whose writers are child JVMs. */
@ExtendWith(NoLeaks.class)
class ConnectionsTest {

    private static final Duration TIMEOUT = Await.HANG;

    @TempDir
    Path dir;

    @Test
    void shouldReturnTheConnectionsReadyToReceive() throws Exception {
        final Pipe quiet = Pipe.open();
        final Pipe talkative = Pipe.open(false);
        final Connection quietEnd = quiet.right();
        final Connection talkativeWriter = talkative.right();
        final Path talk = dir.resolve("talk");
        final String talkPath = talk.toString();
        try (Process q = Process.start(() -> {
                 // Attached, but silent until told to go.
                 quietEnd.recv();
                 quietEnd.close();
             });
             Process t = Process.start(() -> {
                 // Silent until the test has seen both quiet.
                 Await.until("told to talk", () -> Files.exists(Path.of(talkPath)));
                 talkativeWriter.send("first");
                 talkativeWriter.send("second");
                 talkativeWriter.close();
             })) {
            assertEquals(List.of(), Connections.waitAny(List.of(quiet.left(), talkative.left()), Duration.ofMillis(100)));
            Files.createFile(talk);
            final List<Connection> ready = Connections.waitAny(List.of(quiet.left(), talkative.left()), TIMEOUT);
            assertEquals(List.of(talkative.left()), ready);
            assertEquals("first", talkative.left().recv());
            // Buffered already: ready without a system call.
            assertEquals(List.of(talkative.left()), Connections.waitAny(List.of(quiet.left(), talkative.left())));
            assertEquals("second", talkative.left().recv());
            quiet.left().send("go");
            assertTrue(t.join(TIMEOUT));
            assertTrue(q.join(TIMEOUT));
        }
        quiet.close();
        talkative.close();
    }

    @Test
    void shouldReportTheEndOfAStreamAsReady() throws Exception {
        final List<Pipe> pipes = new ArrayList<>();
        final List<Process> children = new ArrayList<>();
        final List<Connection> readers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            final Pipe pipe = Pipe.open();
            pipes.add(pipe);
            readers.add(pipe.left());
            final Connection end = pipe.right();
            final int n = i;
            children.add(Process.start(() -> {
                end.send(n);
                end.close();
            }));
        }
        final List<Object> received = new ArrayList<>();
        final List<Connection> open = new ArrayList<>(readers);
        while (!open.isEmpty()) {
            for (final Connection ready : Connections.waitAny(open, TIMEOUT)) {
                try {
                    received.add(ready.recv());
                } catch (final EOFException end) {
                    open.remove(ready);
                    ready.close();
                }
            }
        }
        received.sort(null);
        assertEquals(List.of(0, 1, 2), received);
        for (final Process child : children) {
            assertTrue(child.join(TIMEOUT));
            assertEquals(OptionalInt.of(0), child.exitCode());
            child.close();
        }
        pipes.forEach(Pipe::close);
    }
}
