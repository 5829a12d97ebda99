package dev.mproc.pipe.internal;

import dev.mproc.internal.SpareWarmUp;

/**
 * Loads and links the classes a pipe end needs in a child, in a spare JVM while it waits: the end a task captures is
 * decoded, claimed and attached through them, and loading them there took about half of a child's first message.
 */
public final class PipeWarmUp implements SpareWarmUp {

    private static final String[] CLASSES = {
        "dev.mproc.pipe.Connection", "dev.mproc.pipe.PipeEndHandle", "dev.mproc.pipe.Pipe",
        "dev.mproc.pipe.internal.Link", "dev.mproc.pipe.internal.PipeEnd", "dev.mproc.pipe.internal.EndClaim",
        "dev.mproc.pipe.internal.Attachment", "dev.mproc.pipe.internal.FrameSender",
        "dev.mproc.pipe.internal.DeliveryRecord", "dev.mproc.pipe.internal.SentLog",
        "dev.mproc.pipe.internal.HolderWatch", "dev.mproc.pipe.internal.PipeProtocol",
        "dev.mproc.pipe.internal.OpenAtExit", "dev.mproc.internal.wire.FrameChannel",
        "dev.mproc.internal.wire.Endpoints", "dev.mproc.internal.wire.FrameBuffer",
        "dev.mproc.internal.wire.IncomingMessage",
    };

    /** Used by {@link java.util.ServiceLoader}. */
    public PipeWarmUp() {
    }

    @Override
    public void warmUp() throws ClassNotFoundException {
        for (final String name : CLASSES) {
            Class.forName(name, true, PipeWarmUp.class.getClassLoader());
        }
    }
}
