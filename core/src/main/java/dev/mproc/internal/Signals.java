package dev.mproc.internal;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;

/**
 * POSIX signals without a JVM flag: handling one in this process, and sending one to another.
 *
 * <p>Handling uses {@code sun.misc.Signal} of {@code jdk.unsupported}, which every JVM exports without a flag; it is
 * reached reflectively because javac warns on every direct use of it, whatever the code says. Sending goes through
 * the shell's {@code kill}, the one way the JDK offers to send a signal other than SIGTERM and SIGKILL.
 */
public final class Signals {

    private Signals() {
    }

    /**
     * Runs an action, on a thread of the JVM's, each time this process receives the signal, instead of what the JVM
     * would do.
     *
     * @param name   the signal's name without {@code SIG}: {@code "TERM"}, {@code "INT"}
     * @param action what to do
     * @return whether the action is installed: false when the JVM keeps the signal to itself ({@code -Xrs}), or when
     *         the signal was ignored when this process started (inherited from a parent started by {@code nohup} or
     *         in the background of a non-interactive shell), which the JVM leaves as it is, as Python does
     */
    public static boolean handle(final String name, final Runnable action) {
        try {
            final Class<?> signal = Class.forName("sun.misc.Signal");
            final Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
            final Object handler = handler(handlerType, name, action);
            final Object previous = signal.getMethod("handle", signal, handlerType)
                .invoke(null, signal.getConstructor(String.class).newInstance(name), handler);
            if (previous == handlerType.getField("SIG_IGN").get(null)) {
                log().log(System.Logger.Level.DEBUG, "SIG{0} was ignored when this process started; it stays ignored",
                    name);
                return false;
            }
            return true;
        } catch (final ReflectiveOperationException | RuntimeException e) {
            log().log(System.Logger.Level.DEBUG, "cannot handle SIG{0}: {1}", name, e.toString());
            return false;
        }
    }

    /**
     * Makes a handler without installing it: a spare JVM does this while it waits, so that the proxy class a handler
     * needs is made before its task comes rather than on the way to it.
     */
    public static void prepare() {
        try {
            handler(Class.forName("sun.misc.SignalHandler"), "TERM", () -> { });
        } catch (final ReflectiveOperationException | RuntimeException e) {
            log().log(System.Logger.Level.DEBUG, "cannot prepare a signal handler: {0}", e.toString());
        }
    }

    private static Object handler(final Class<?> handlerType, final String name, final Runnable action) {
        final String description = "mproc SIG" + name + " handler";
        return Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
            (proxy, method, arguments) -> {
                switch (method.getName()) {
                    case "handle":
                        action.run();
                        return null;
                    case "hashCode":
                        return System.identityHashCode(proxy);
                    case "equals":
                        return proxy == arguments[0];
                    default:
                        return description;
                }
            });
    }

    /**
     * Sends a signal to a process. The caller makes sure the pid is its own live child: a pid is reused once its
     * process has been reaped, and this cannot tell.
     *
     * @param pid  the process
     * @param name the signal's name without {@code SIG}: {@code "INT"}
     * @throws IOException when the signal could not be sent (the message says why: no such process, no permission)
     */
    public static void send(final long pid, final String name) throws IOException {
        if (!name.matches("[A-Z0-9]+")) {
            throw new IllegalArgumentException("not a signal name: " + name);
        }
        // The shell's built-in kill: /bin/sh is on every POSIX system, a kill executable is not.
        final java.lang.Process kill = new ProcessBuilder("/bin/sh", "-c", "kill -s " + name + " " + pid)
            .redirectErrorStream(true)
            .start();
        kill.getOutputStream().close();
        final String said;
        try (InputStream out = kill.getInputStream()) {
            said = new String(out.readAllBytes(), StandardCharsets.UTF_8).trim();
        }
        if (waitUninterruptibly(kill) != 0) {
            throw new IOException("cannot send SIG" + name + " to process " + pid + ": " + said);
        }
    }

    /** The shell has written its last byte when this is called; it ends at once, and an interrupt is kept for later. */
    private static int waitUninterruptibly(final java.lang.Process process) {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return process.waitFor();
                } catch (final InterruptedException e) {
                    interrupted = true;
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private static System.Logger log() {
        return System.getLogger(Signals.class.getName());
    }
}
