package dev.mproc.cluster.internal;

import com.hazelcast.client.HazelcastClientNotActiveException;
import com.hazelcast.cluster.Member;
import com.hazelcast.cluster.MembershipEvent;
import com.hazelcast.cluster.MembershipListener;
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
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Sends calls to the members of the cluster in turn and runs a call again on another member when the one running it
 * leaves (as Hazelcast reports it, or as the membership says, whichever comes first), at most {@code maxAttempts}
 * members; each call's handler is told its outcome exactly once, in a Hazelcast thread (or, when no member is left
 * to try, in the thread that found that out). One dispatcher serves every pool of a cluster connection.
 */
public final class Dispatcher {

    private final HazelcastInstance client;
    private final IExecutorService executor;
    private final int maxAttempts;
    private final AtomicInteger turn = new AtomicInteger();
    /** The attempts running on each member, settled as lost when it leaves. */
    private final Map<UUID, Set<Attempt>> running = new ConcurrentHashMap<>();

    /**
     * @param client      the connection to the cluster
     * @param executor    the members' executor
     * @param maxAttempts members a call is sent to before it fails with {@link MemberLostException}
     */
    public Dispatcher(final HazelcastInstance client, final IExecutorService executor, final int maxAttempts) {
        this.client = client;
        this.executor = executor;
        this.maxAttempts = maxAttempts;
        client.getCluster().addMembershipListener(new MembershipListener() {
            @Override
            public void memberAdded(final MembershipEvent event) {
                // Nothing runs on a member that has just come.
            }

            @Override
            public void memberRemoved(final MembershipEvent event) {
                final Set<Attempt> lost = running.remove(event.getMember().getUuid());
                if (lost != null) {
                    List.copyOf(lost).forEach(Attempt::lost);
                }
            }
        });
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
        final Attempt attempt = new Attempt(member, cause -> attempt(call, handler, tried, cause), handler);
        running.computeIfAbsent(member.getUuid(), uuid -> ConcurrentHashMap.newKeySet()).add(attempt);
        try {
            executor.submitToMember(call, member, attempt);
        } catch (final HazelcastClientNotActiveException | HazelcastInstanceNotActiveException e) {
            attempt.onFailure(e);
            return;
        } catch (final RuntimeException notSent) {
            attempt.settle();
            throw notSent;
        }
        if (!client.getCluster().getMembers().contains(member)) {
            // It left between the pick and the registration, so the membership event may have come before.
            attempt.lost();
        }
    }

    /**
     * One member's run of a call. Settled once: by Hazelcast's answer, or by the member's leaving the cluster, which
     * comes first. The second matters: an invocation that a member forwards to the one that left is not always
     * answered, and a unit must never wait for ever.
     */
    private final class Attempt implements ExecutionCallback<Outcome> {

        private final Member member;
        private final Consumer<Throwable> retry;
        private final BiConsumer<Outcome, Throwable> handler;
        private final AtomicBoolean settled = new AtomicBoolean();

        Attempt(final Member member, final Consumer<Throwable> retry, final BiConsumer<Outcome, Throwable> handler) {
            this.member = member;
            this.retry = retry;
            this.handler = handler;
        }

        boolean settle() {
            final Set<Attempt> onMember = running.get(member.getUuid());
            if (onMember != null) {
                onMember.remove(this);
            }
            return settled.compareAndSet(false, true);
        }

        void lost() {
            if (settle()) {
                retry.accept(new MemberLostException("member " + member.getAddress() + " left while running the work",
                    1, null));
            }
        }

        @Override
        public void onResponse(final Outcome outcome) {
            if (settle()) {
                handler.accept(outcome, null);
            }
        }

        @Override
        public void onFailure(final Throwable failure) {
            if (!settle()) {
                return;
            }
            final Throwable cause = unwrap(failure);
            if (isMemberLoss(cause)) {
                retry.accept(new MemberLostException("member " + member.getAddress() + " left while running the work",
                    1, cause));
            } else if (cause instanceof HazelcastClientNotActiveException
                || cause instanceof HazelcastInstanceNotActiveException) {
                handler.accept(null, new MemberLostException("the cluster is unreachable or this client was shut "
                    + "down: " + cause.getMessage(), 1, cause));
            } else {
                handler.accept(null, cause);
            }
        }
    }

    /**
     * A member process is known to be gone (this JVM started it and saw it end): the attempts running on it are lost
     * now, whatever Hazelcast's view of the cluster says yet.
     *
     * @param host the member's host, as its address names it
     * @param port the member's port
     */
    public void memberGone(final String host, final int port) {
        for (final Set<Attempt> attempts : running.values()) {
            for (final Attempt attempt : List.copyOf(attempts)) {
                if (attempt.member.getAddress().getPort() == port
                    && attempt.member.getAddress().getHost().equals(host)) {
                    attempt.lost();
                }
            }
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
            || cause instanceof TargetNotMemberException;
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
