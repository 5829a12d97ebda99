package dev.mproc.testing;

import java.text.MessageFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * The records one class logs through {@code System.Logger} (java.util.logging behind it, the JDK's default) while
 * this is open, at INFO and above.
 */
public final class CapturedLog extends Handler implements AutoCloseable {

    private final Logger logger;
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();

    private CapturedLog(final Logger logger) {
        this.logger = logger;
    }

    /**
     * @param source the class whose logger to listen to
     * @return a capture, open until {@link #close()}
     */
    public static CapturedLog of(final Class<?> source) {
        final CapturedLog capture = new CapturedLog(Logger.getLogger(source.getName()));
        capture.logger.addHandler(capture);
        return capture;
    }

    /** @return the records so far, in order */
    public List<LogRecord> records() {
        return List.copyOf(records);
    }

    /** @return the messages so far, their parameters filled in as the console would show them */
    public List<String> messages() {
        return records.stream().map(record -> record.getParameters() == null ? record.getMessage()
            : MessageFormat.format(record.getMessage(), record.getParameters())).collect(Collectors.toList());
    }

    /** @return the level of each record so far */
    public List<Level> levels() {
        return records.stream().map(LogRecord::getLevel).collect(Collectors.toList());
    }

    @Override
    public void publish(final LogRecord record) {
        records.add(record);
    }

    @Override
    public void flush() {
    }

    /** Stops listening. */
    @Override
    public void close() {
        logger.removeHandler(this);
    }
}
