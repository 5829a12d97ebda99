#!/bin/sh
# Runs a cluster whose members and client are each in a network namespace of their own (ClusterNamespacesTest).
#
# Started as process 1 of a new PID namespace, "root" of a new user namespace, in a new network namespace: the hub,
#   unshare --user --map-root-user --net --pid --fork --kill-child --mount-proc sh netns-cluster.sh DIR MEMBERS NAME
# so that every process started here is killed when this script ends, or when unshare is killed.
#
# The hub holds a bridge, mproc-br, at $SUBNET.254/24. Member i gets a network namespace of its own (held by a
# "sleep infinity"), a veth pair with one end, eth0 at $SUBNET.i/24, in its namespace and the other, veth-i, on the
# bridge, and a member JVM started in that namespace with nsenter, bound to $SUBNET.i:$PORT, joining the others by
# TCP-IP (nsenter execs the JVM: $! is the member's pid, which the client watches while it waits for the members to
# listen). The client JVM runs in the hub and writes what it found to DIR/results.properties.
#
# Environment: NETNS_JAVA (the java launcher), NETNS_CLASS_PATH, NETNS_MEMBER_OPTIONS and NETNS_CLIENT_OPTIONS (JVM
# options, split on spaces), NETNS_MEMBER_MAIN and NETNS_CLIENT_MAIN (main classes).
# Exit status: 77 when the namespaces or their network cannot be set up (the reason on stderr); else the client's.
set -u
SKIP=77
SUBNET=10.77.17
PORT=5701

cannot() {
    echo "netns set-up failed: $*" >&2
    exit $SKIP
}

dir=$1
members=$2
name=$3

for tool in ip nsenter unshare sleep timeout; do
    command -v "$tool" > /dev/null || cannot "no $tool on the PATH"
done
ip link set lo up || cannot "ip link set lo up"
ip link add mproc-br type bridge || cannot "cannot create a bridge (ip link add mproc-br type bridge)"
ip addr add "$SUBNET.254/24" dev mproc-br && ip link set mproc-br up || cannot "cannot configure the bridge"

# Each namespace's holder says it is in its namespace, and its pid, through this FIFO; opened read-write here, so
# that no open blocks, and a holder that could not unshare says so instead of leaving the read below waiting.
mkfifo "$dir/ready" || cannot "mkfifo"
exec 3<> "$dir/ready"
rm "$dir/ready"

all=""
i=1
while [ "$i" -le "$members" ]; do
    { unshare --net sh -c 'echo "up $$" >&3; exec sleep infinity' || echo "failed 0" >&3; } &
    read -r state holder <&3
    [ "$state" = up ] || cannot "unshare --net in the user namespace"
    ip link add "veth-$i" type veth peer name eth0 netns "$holder" || cannot "cannot create a veth pair"
    ip link set "veth-$i" master mproc-br up || cannot "cannot put veth-$i on the bridge"
    nsenter -t "$holder" -n sh -c "ip link set lo up && ip addr add $SUBNET.$i/24 dev eth0 && ip link set eth0 up" \
        || cannot "cannot configure member $i's namespace (nsenter -t $holder -n)"
    eval "holder_$i=$holder"
    all="$all${all:+,}$SUBNET.$i:$PORT"
    i=$((i + 1))
done
exec 3>&-

i=1
while [ "$i" -le "$members" ]; do
    eval "holder=\$holder_$i"
    # shellcheck disable=SC2086 # the options are words
    nsenter -t "$holder" -n "$NETNS_JAVA" $NETNS_MEMBER_OPTIONS -cp "$NETNS_CLASS_PATH" "$NETNS_MEMBER_MAIN" \
        "$name" "$SUBNET.$i" "$PORT" "$all" > "$dir/member-$i.log" 2>&1 &
    pids="${pids:-}${pids:+,}$!"
    i=$((i + 1))
done

# The client's own bound: whatever happens, this script, and with it every process here, ends.
# shellcheck disable=SC2086
timeout -s KILL 150 "$NETNS_JAVA" $NETNS_CLIENT_OPTIONS -cp "$NETNS_CLASS_PATH" "$NETNS_CLIENT_MAIN" \
    "$name" "$dir/results.properties" "$all" "$pids"
