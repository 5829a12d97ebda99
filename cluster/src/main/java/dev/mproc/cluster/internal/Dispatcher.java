package dev.mproc.cluster.internal;

import com.hazelcast.client.HazelcastClientNotActiveException;
import com.hazelcast.cluster.Member;
import com.hazelcast.core.ExecutionCallback;
import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.IExecutorService;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.nio.serialization.HazelcastSerializationException;
import com.hazelcast.spi.exception.TargetDisconnectedException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import dev.mproc.cluster.MemberLostException;
import java.io.NotSerializableException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;

/**
 * Sends calls to the members of the cluster in turn and runs a call again on another member when the one running it
 * leaves, at most {@code maxAttempts} times; each call's handler is told its outcome exactly once, in a Hazelcast
 * thread (or, when no member is left to try, in the thread that found that out).
 */
public final class Dispatcher {

    private final HazelcastInstance client;
    private final IExecutorService executor;
    private final int maxAttempts;
    private final AtomicInteger turn = new AtomicInteger();

    /**
     * @param client      the connection to the cluster
     * @param executor    the members' executor
     * @param maxAttempts members a call is sent to before it fails with {@link MemberLostException}
     */
    public Dispatcher(final HazelcastInstance client, final IExecutorService executor, final int maxAttempts) {
        this.client = client;
        this.executor = executor;
        this.maxAttempts = maxAttempts;
    }

    /** @return the number of members in the cluster now */
    public int members() {
        return Math.max(1, client.getCluster().getMembers().size());
    }

    /**
     * Sends a call to a member.
     *
     * @param call    the call
     * @param handler told the outcome, or the failure (a {@link MemberLostException}, or what Hazelcast reported)
     * @throws UncheckedIOException when the call cannot be serialized (the message names the class)
     */
    public void dispatch(final Callable<Outcome> call, final BiConsumer<Outcome, Throwable> handler) {
        try {
            attempt(call, handler, new HashSet<>(), null);
        } catch (final HazelcastSerializationException e) {
            throw notSerializable(e);
        }
    }

    private void attempt(final Callable<Outcome> call, final BiConsumer<Outcome, Throwable> handler,
                         final Set<UUID> tried, final Throwable lastLoss) {
        final Member member = pick(tried);
        if (member == null || tried.size() >= maxAttempts) {
            handler.accept(null, new MemberLostException("no member left to run the work after " + tried.size()
                + " member(s) left while running it" + (lastLoss == null ? "" : ": " + lastLoss), tried.size(),
                lastLoss));
            return;
        }
        tried.add(member.getUuid());
        try {
            executor.submitToMember(call, member, new ExecutionCallback<Outcome>() {
                @Override
                public void onResponse(final Outcome outcome) {
                    handler.accept(outcome, null);
                }

                @Override
                public void onFailure(final Throwable failure) {
                    final Throwable cause = unwrap(failure);
                    if (isMemberLoss(cause)) {
                        attempt(call, handler, tried, new MemberLostException("member " + member.getAddress()
                            + " left while running the work", tried.size(), cause));
                    } else if (cause instanceof HazelcastClientNotActiveException) {
                        handler.accept(null, new MemberLostException("the cluster is unreachable or this client was "
                            + "shut down: " + cause.getMessage(), tried.size(), cause));
                    } else {
                        handler.accept(null, cause);
                    }
                }
            });
        } catch (final HazelcastClientNotActiveException | HazelcastInstanceNotActiveException e) {
            handler.accept(null, new MemberLostException("the cluster is unreachable or this client was shut down",
                tried.size(), e));
        }
    }

    /** @return the next member in turn that this call has not been sent to, or {@code null} */
    private Member pick(final Set<UUID> tried) {
        final List<Member> members = new ArrayList<>(client.getCluster().getMembers());
        members.removeIf(member -> tried.contains(member.getUuid()));
        if (members.isEmpty()) {
            return null;
        }
        return members.get(Math.floorMod(turn.getAndIncrement(), members.size()));
    }

    private static boolean isMemberLoss(final Throwable cause) {
        return cause instanceof MemberLeftException || cause instanceof TargetDisconnectedException
            || cause instanceof TargetNotMemberException || cause instanceof HazelcastInstanceNotActiveException;
    }

    private static Throwable unwrap(final Throwable failure) {
        Throwable cause = failure;
        while ((cause instanceof ExecutionException || cause instanceof CompletionException)
            && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private static UncheckedIOException notSerializable(final HazelcastSerializationException e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof NotSerializableException) {
                return new UncheckedIOException("the work cannot be sent to the cluster: "
                    + cause.getMessage() + " is not serializable", (NotSerializableException) cause);
            }
        }
        return new UncheckedIOException(new java.io.IOException("the work cannot be sent to the cluster: "
            + e.getMessage(), e));
    }
}
