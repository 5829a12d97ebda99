package dev.mproc.internal.wire;

import java.text.MessageFormat;
import java.util.List;
import java.util.ResourceBundle;
import java.util.concurrent.CopyOnWriteArrayList;

/** A logger that keeps every line it is given, at every level. */
final class RecordingLogger implements System.Logger {

    final List<String> lines = new CopyOnWriteArrayList<>();

    @Override
    public String getName() {
        return "recording";
    }

    @Override
    public boolean isLoggable(final Level level) {
        return true;
    }

    @Override
    public void log(final Level level, final ResourceBundle bundle, final String msg, final Throwable thrown) {
        lines.add(level + " " + msg + (thrown == null ? "" : " " + thrown));
    }

    @Override
    public void log(final Level level, final ResourceBundle bundle, final String format, final Object... params) {
        lines.add(level + " " + (params == null || params.length == 0 ? format : MessageFormat.format(format, params)));
    }

    long count(final String part) {
        return lines.stream().filter(line -> line.contains(part)).count();
    }
}
