package dev.mproc.manager.internal;

import dev.mproc.internal.Codec;
import dev.mproc.internal.StandardCodec;
import dev.mproc.internal.wire.FrameBuffer;
import dev.mproc.internal.wire.FrameChannel;
import java.io.EOFException;
import java.io.IOException;
import java.io.NotSerializableException;
import java.io.StreamCorruptedException;

/**
 * One authenticated client connection on the server, served by its own thread: the hello, then one reply per request
 * until the client closes or dies. A request the server cannot parse drops this connection alone.
 */
final class ServerConnection implements Runnable {

    private static final System.Logger LOG = System.getLogger(ServerConnection.class.getName());
    private static final int MAX_HELLO = 256;

    private final ManagerServer server;
    private final FrameChannel ch;
    private final FrameBuffer buffer = new FrameBuffer(Protocol.BUFFER_CAPACITY);
    /** Elements taken for this connection's client and not acknowledged yet; used by this connection's thread only. */
    private final Claims claims = new Claims();

    ServerConnection(final ManagerServer server, final FrameChannel channel) {
        this.server = server;
        this.ch = channel;
    }

    @Override
    public void run() {
        if (!server.track(this)) {
            ch.close();
            return;
        }
        String session = null;
        try {
            session = server.join(hello(ch));
            serve(ch, session);
        } catch (final EOFException | CallContext.PeerGoneException e) {
            LOG.log(System.Logger.Level.DEBUG, "a client of {0} left", server);
        } catch (final StreamCorruptedException e) {
            server.dropped(ch.peer(), e.getMessage());
        } catch (final IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "a client connection of " + server + " failed", e);
        } finally {
            ch.close();
            claims.giveBack();
            server.untrack(this);
            if (session != null) {
                server.leave(session);
            }
        }
    }

    private String hello(final FrameChannel ch) throws IOException {
        final byte[] message = ch.receive(MAX_HELLO);
        // Only a string is read here: nothing a client sends is deserialized before its hello is valid.
        final String hello = StandardCodec.decodeString(message, 0, message.length);
        final String[] parts = hello.split(" ");
        if (parts.length != 4 || !parts[0].equals("mproc-manager")
            || !parts[1].equals(Integer.toString(Protocol.VERSION))) {
            throw new StreamCorruptedException("not a manager client's hello: " + hello);
        }
        buffer.reset();
        Codec.standard().encode(server.id(), buffer);
        ch.send(buffer);
        return parts[2];
    }

    private void serve(final FrameChannel ch, final String session) throws IOException {
        final Codec codec = ManagerServer.codec();
        while (true) {
            final byte[] request = ch.receive();
            if (request.length < Protocol.REQUEST_HEADER_LENGTH) {
                throw new StreamCorruptedException("manager request of " + request.length + " bytes");
            }
            // Any message after a reply shows that the client read it: what that reply carried is the client's now.
            claims.acknowledge();
            final long objectId = Protocol.readLong(request, Protocol.OBJECT_ID_OFFSET);
            final int method = Protocol.readInt(request, Protocol.METHOD_OFFSET);
            if (method == Protocol.ACKNOWLEDGE) {
                continue;
            }
            final long thread = Protocol.readLong(request, Protocol.CALLER_THREAD_OFFSET);
            final CallContext context = new CallContext(new CallContext.Owner(session, thread), ch, claims);
            CallContext.set(context);
            byte status;
            Object result;
            try {
                // The object and the method are found first: a request naming neither gets nothing decoded.
                final ObjectTable.Call call = server.objects().resolve(objectId, method);
                final Object[] args = Protocol.readArguments(request, codec);
                if (call.watched()) {
                    server.peerWatch().begin(context);
                    try {
                        result = call.invoke(args);
                    } finally {
                        server.peerWatch().end();
                    }
                } else {
                    result = call.invoke(args);
                }
                status = claims.isEmpty() ? Protocol.RETURNED : Protocol.CLAIMED;
            } catch (final CallContext.PeerGoneException e) {
                throw e;
            } catch (final Throwable failure) {
                status = Protocol.THREW;
                result = failure;
            } finally {
                CallContext.clear();
            }
            if (reply(ch, codec, status, result) == Protocol.THREW) {
                // A call that failed delivered nothing.
                claims.giveBack();
            }
            if (context.afterReply() != null) {
                context.afterReply().run();
            }
        }
    }

    /** Sends the reply; returns the status sent, {@link Protocol#THREW} when the result could not be encoded. */
    private byte reply(final FrameChannel ch, final Codec codec, final byte status, final Object result)
        throws IOException {
        try {
            Protocol.writeReply(buffer, codec, status, result);
        } catch (final NotSerializableException e) {
            final Throwable substitute;
            if (status == Protocol.THREW) {
                final Throwable original = (Throwable) result;
                substitute = new dev.mproc.manager.RemoteFailureException(original.getClass().getName(),
                    original.getMessage());
                substitute.setStackTrace(original.getStackTrace());
            } else {
                substitute = e;
            }
            Protocol.writeReply(buffer, codec, Protocol.THREW, substitute);
            ch.send(buffer);
            return Protocol.THREW;
        }
        ch.send(buffer);
        return status;
    }

    void close() {
        ch.close();
    }
}
