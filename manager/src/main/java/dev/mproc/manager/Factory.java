package dev.mproc.manager;

import java.io.Serializable;

/**
 * Makes a new object of a user type on the manager's server, for {@link Manager#register} and
 * {@link Manager#create}: Python's {@code callable} argument of {@code BaseManager.register}.
 *
 * <p>A factory is serializable because it is sent to the server, where it runs; it usually is a lambda or a
 * constructor reference ({@code Counter::new}) whose class is on the server's class path.
 *
 * <p><b>Thread safety:</b> called on the server once per {@code create}, by the thread serving that call; creates
 * from several clients may run it at the same time. It may return one shared object every time (Python's
 * {@code register('get_queue', callable=lambda: queue)}); that object then serves the calls of every client at once,
 * unless the type is registered {@link CallMode#SERIALIZED}. <b>Process safety:</b> runs in the server process, not
 * in the process that registered it.
 *
 * @param <T> what it makes
 */
@FunctionalInterface
public interface Factory<T> extends Serializable {

    /**
     * Makes a new object.
     *
     * @return the object; the server keeps it while some process references it
     * @throws Exception when it cannot be made; the caller of {@code create} gets the exception
     */
    T create() throws Exception;
}
