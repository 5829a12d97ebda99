package dev.mproc.manager;

import dev.mproc.Address;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A whole JVM that serves a manager on a loopback TCP port with a given key, as a machine of its own would: it writes
 * the port to a file and serves until a client shuts it down. Python's {@code m.get_server().serve_forever()}.
 */
public final class RemoteServerMain {

    private static final Counter BOARD = new Counter.Impl();

    private RemoteServerMain() {
    }

    /**
     * @param args the file to write the port to, and the authkey
     * @throws Exception when serving fails
     */
    public static void main(final String[] args) throws Exception {
        try (Manager manager = Manager.serve(Address.tcp("127.0.0.1", 0), args[1].getBytes(StandardCharsets.UTF_8))) {
            // Every client that asks gets the same board, as Python's register('get_board', callable=lambda: board).
            manager.register(Counter.class, () -> BOARD);
            final Path port = Path.of(args[0]);
            final Path partial = Path.of(args[0] + ".partial");
            Files.writeString(partial, Integer.toString(manager.address().port()));
            Files.move(partial, port, StandardCopyOption.ATOMIC_MOVE);
            manager.awaitShutdown();
        }
    }
}
