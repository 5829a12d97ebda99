package dev.mproc.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StreamCorruptedException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A compact tree encoding for the plain values messages are usually made of: the JDK's common lists, sets, maps and
 * arrays of strings, boxed primitives and nested plain containers. Java serialization writes class descriptors and
 * allocates an object stream for every message; a list like {@code [42, null, "hello"]} costs tens of microseconds
 * that way and under one here.
 *
 * <p>Only exact JDK classes qualify, and each decodes to its own class ({@code List.of} to an immutable list,
 * {@code ArrayList} to an {@code ArrayList}...), so equality and mutability are kept. A value that holds anything
 * else, or reaches one container twice (shared or cyclic structure), is left to Java serialization, which keeps
 * identity.
 *
 * <pre>
 *   value    = tag:u8 payload
 *   payload  = nothing (null, true, false) | zigzag varint (int, long) | 2, 4 or 8 bytes big-endian (short, char,
 *              float, double) | 1 byte (byte) | varint length + bytes (string as UTF-8, byte[]) |
 *              varint count + items (arrays, lists, sets) | varint count + (key value)* (maps)
 * </pre>
 */
final class PlainValues {

    private static final int MAX_DEPTH = 64;

    private static final byte NULL = 0;
    private static final byte STRING = 1;
    private static final byte INT = 2;
    private static final byte LONG = 3;
    private static final byte DOUBLE = 4;
    private static final byte TRUE = 5;
    private static final byte FALSE = 6;
    private static final byte FLOAT = 7;
    private static final byte SHORT = 8;
    private static final byte CHAR = 9;
    private static final byte BYTE = 10;
    private static final byte BYTES = 11;
    private static final byte INTS = 12;
    private static final byte LONGS = 13;
    private static final byte DOUBLES = 14;
    private static final byte ARRAY_LIST = 20;
    private static final byte ARRAYS_AS_LIST = 21;
    private static final byte IMMUTABLE_LIST = 22;
    private static final byte HASH_MAP = 23;
    private static final byte LINKED_HASH_MAP = 24;
    private static final byte IMMUTABLE_MAP = 25;
    private static final byte HASH_SET = 26;
    private static final byte LINKED_HASH_SET = 27;
    private static final byte IMMUTABLE_SET = 28;
    private static final byte OBJECT_ARRAY = 29;

    private static final Map<Class<?>, Byte> CONTAINERS = containers();

    private PlainValues() {
    }

    /**
     * @param value a value
     * @return whether it is a container this encoding takes whole
     */
    static boolean isPlainContainer(final Object value) {
        return value != null && CONTAINERS.containsKey(value.getClass())
            && isPlain(value, 0, new IdentityHashMap<>());
    }

    private static boolean isPlain(final Object value, final int depth, final IdentityHashMap<Object, Object> seen) {
        if (value == null || value instanceof String || value instanceof Integer || value instanceof Long
            || value instanceof Double || value instanceof Boolean || value instanceof Float || value instanceof Short
            || value instanceof Character || value instanceof Byte || value instanceof byte[]
            || value instanceof int[] || value instanceof long[] || value instanceof double[]) {
            return true;
        }
        final Byte tag = CONTAINERS.get(value.getClass());
        if (tag == null || depth >= MAX_DEPTH || seen.put(value, value) != null) {
            return false;
        }
        if (value instanceof Map) {
            for (final Map.Entry<?, ?> entry : ((Map<?, ?>) value).entrySet()) {
                if (!isPlain(entry.getKey(), depth + 1, seen) || !isPlain(entry.getValue(), depth + 1, seen)
                    || tag == IMMUTABLE_MAP && (entry.getKey() == null || entry.getValue() == null)) {
                    return false;
                }
            }
            return true;
        }
        final Iterable<?> items = value instanceof Object[] ? Arrays.asList((Object[]) value) : (Iterable<?>) value;
        for (final Object item : items) {
            if (!isPlain(item, depth + 1, seen) || item == null && (tag == IMMUTABLE_LIST || tag == IMMUTABLE_SET)) {
                return false;
            }
        }
        return true;
    }

    static void write(final OutputStream out, final Object value) throws IOException {
        if (value == null) {
            out.write(NULL);
        } else if (value instanceof String) {
            final byte[] utf8 = ((String) value).getBytes(StandardCharsets.UTF_8);
            out.write(STRING);
            writeVarint(out, utf8.length);
            out.write(utf8);
        } else if (value instanceof Integer) {
            out.write(INT);
            writeVarint(out, zigzag((Integer) value));
        } else if (value instanceof Long) {
            out.write(LONG);
            writeVarint(out, zigzag((Long) value));
        } else if (value instanceof Double) {
            out.write(DOUBLE);
            writeFixed(out, Double.doubleToRawLongBits((Double) value), 8);
        } else if (value instanceof Boolean) {
            out.write((Boolean) value ? TRUE : FALSE);
        } else if (value instanceof Float) {
            out.write(FLOAT);
            writeFixed(out, Float.floatToRawIntBits((Float) value), 4);
        } else if (value instanceof Short) {
            out.write(SHORT);
            writeFixed(out, (Short) value, 2);
        } else if (value instanceof Character) {
            out.write(CHAR);
            writeFixed(out, (Character) value, 2);
        } else if (value instanceof Byte) {
            out.write(BYTE);
            out.write((Byte) value);
        } else if (value instanceof byte[]) {
            out.write(BYTES);
            writeVarint(out, ((byte[]) value).length);
            out.write((byte[]) value);
        } else if (value instanceof int[]) {
            out.write(INTS);
            writeVarint(out, ((int[]) value).length);
            for (final int item : (int[]) value) {
                writeVarint(out, zigzag(item));
            }
        } else if (value instanceof long[]) {
            out.write(LONGS);
            writeVarint(out, ((long[]) value).length);
            for (final long item : (long[]) value) {
                writeVarint(out, zigzag(item));
            }
        } else if (value instanceof double[]) {
            out.write(DOUBLES);
            writeVarint(out, ((double[]) value).length);
            for (final double item : (double[]) value) {
                writeFixed(out, Double.doubleToRawLongBits(item), 8);
            }
        } else {
            writeContainer(out, value);
        }
    }

    private static void writeContainer(final OutputStream out, final Object value) throws IOException {
        out.write(CONTAINERS.get(value.getClass()));
        if (value instanceof Map) {
            final Map<?, ?> map = (Map<?, ?>) value;
            writeVarint(out, map.size());
            for (final Map.Entry<?, ?> entry : map.entrySet()) {
                write(out, entry.getKey());
                write(out, entry.getValue());
            }
        } else if (value instanceof Object[]) {
            writeVarint(out, ((Object[]) value).length);
            for (final Object item : (Object[]) value) {
                write(out, item);
            }
        } else {
            final Collection<?> items = (Collection<?>) value;
            writeVarint(out, items.size());
            for (final Object item : items) {
                write(out, item);
            }
        }
    }

    static Object read(final byte[] bytes, final int offset, final int length) throws IOException {
        final Cursor cursor = new Cursor(bytes, offset, offset + length);
        final Object value = cursor.value(0);
        if (cursor.position != cursor.end) {
            throw new StreamCorruptedException((cursor.end - cursor.position) + " bytes left after a plain value");
        }
        return value;
    }

    /** Reads one encoded tree, checking every length against what is left. */
    private static final class Cursor {

        private final byte[] bytes;
        private final int end;
        private int position;

        Cursor(final byte[] bytes, final int start, final int end) {
            this.bytes = bytes;
            this.position = start;
            this.end = end;
        }

        Object value(final int depth) throws IOException {
            if (depth > MAX_DEPTH) {
                throw new StreamCorruptedException("plain value nested deeper than " + MAX_DEPTH);
            }
            final byte tag = next();
            switch (tag) {
                case NULL:
                    return null;
                case STRING: {
                    final int n = count(1);
                    final String text = new String(bytes, position, n, StandardCharsets.UTF_8);
                    position += n;
                    return text;
                }
                case INT:
                    return (int) unzigzag(varint());
                case LONG:
                    return unzigzag(varint());
                case DOUBLE:
                    return Double.longBitsToDouble(fixed(8));
                case TRUE:
                    return Boolean.TRUE;
                case FALSE:
                    return Boolean.FALSE;
                case FLOAT:
                    return Float.intBitsToFloat((int) fixed(4));
                case SHORT:
                    return (short) fixed(2);
                case CHAR:
                    return (char) fixed(2);
                case BYTE:
                    return (byte) fixed(1);
                case BYTES: {
                    final int n = count(1);
                    position += n;
                    return Arrays.copyOfRange(bytes, position - n, position);
                }
                case INTS: {
                    final int[] items = new int[count(1)];
                    for (int i = 0; i < items.length; i++) {
                        items[i] = (int) unzigzag(varint());
                    }
                    return items;
                }
                case LONGS: {
                    final long[] items = new long[count(1)];
                    for (int i = 0; i < items.length; i++) {
                        items[i] = unzigzag(varint());
                    }
                    return items;
                }
                case DOUBLES: {
                    final double[] items = new double[count(8)];
                    for (int i = 0; i < items.length; i++) {
                        items[i] = Double.longBitsToDouble(fixed(8));
                    }
                    return items;
                }
                default:
                    return container(tag, depth);
            }
        }

        private Object container(final byte tag, final int depth) throws IOException {
            final int n = count(1);
            switch (tag) {
                case ARRAY_LIST:
                    return new ArrayList<>(Arrays.asList(items(n, depth)));
                case ARRAYS_AS_LIST:
                    return Arrays.asList(items(n, depth));
                case IMMUTABLE_LIST:
                    return List.of(items(n, depth));
                case OBJECT_ARRAY:
                    return items(n, depth);
                case HASH_SET:
                    return new HashSet<>(Arrays.asList(items(n, depth)));
                case LINKED_HASH_SET:
                    return new LinkedHashSet<>(Arrays.asList(items(n, depth)));
                case IMMUTABLE_SET:
                    return Set.of(items(n, depth));
                case HASH_MAP:
                    return entries(new HashMap<>(Math.max(16, n * 2)), n, depth);
                case LINKED_HASH_MAP:
                    return entries(new LinkedHashMap<>(Math.max(16, n * 2)), n, depth);
                case IMMUTABLE_MAP:
                    return Map.copyOf(entries(new HashMap<>(Math.max(16, n * 2)), n, depth));
                default:
                    throw new StreamCorruptedException("unknown plain value tag " + tag);
            }
        }

        private Object[] items(final int n, final int depth) throws IOException {
            final Object[] items = new Object[n];
            for (int i = 0; i < n; i++) {
                items[i] = value(depth + 1);
            }
            return items;
        }

        private Map<Object, Object> entries(final Map<Object, Object> map, final int n, final int depth)
            throws IOException {
            for (int i = 0; i < n; i++) {
                map.put(value(depth + 1), value(depth + 1));
            }
            return map;
        }

        private byte next() throws StreamCorruptedException {
            if (position >= end) {
                throw new StreamCorruptedException("plain value ends early");
            }
            return bytes[position++];
        }

        /** A count of items of at least {@code minBytes} each, checked against the bytes left. */
        private int count(final int minBytes) throws IOException {
            final long n = varint();
            if (n < 0 || n * minBytes > end - position) {
                throw new StreamCorruptedException("plain value claims " + n + " items in " + (end - position)
                    + " bytes");
            }
            return (int) n;
        }

        private long varint() throws StreamCorruptedException {
            long value = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                final byte b = next();
                value |= (long) (b & 0x7F) << shift;
                if (b >= 0) {
                    return value;
                }
            }
            throw new StreamCorruptedException("varint longer than 10 bytes");
        }

        private long fixed(final int width) throws StreamCorruptedException {
            long value = 0;
            for (int i = 0; i < width; i++) {
                value = (value << 8) | (next() & 0xFF);
            }
            final int unused = 64 - width * 8;
            return unused == 0 ? value : (value << unused) >> unused;
        }
    }

    private static void writeVarint(final OutputStream out, final long value) throws IOException {
        long rest = value;
        while ((rest & ~0x7FL) != 0) {
            out.write((int) ((rest & 0x7F) | 0x80));
            rest >>>= 7;
        }
        out.write((int) rest);
    }

    private static void writeFixed(final OutputStream out, final long value, final int width) throws IOException {
        for (int shift = (width - 1) * 8; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
    }

    private static long zigzag(final long value) {
        return (value << 1) ^ (value >> 63);
    }

    private static long unzigzag(final long value) {
        return (value >>> 1) ^ -(value & 1);
    }

    private static Map<Class<?>, Byte> containers() {
        final Map<Class<?>, Byte> containers = new HashMap<>();
        containers.put(ArrayList.class, ARRAY_LIST);
        containers.put(Arrays.asList().getClass(), ARRAYS_AS_LIST);
        containers.put(List.of().getClass(), IMMUTABLE_LIST);
        containers.put(List.of(1).getClass(), IMMUTABLE_LIST);
        containers.put(List.of(1, 2, 3).getClass(), IMMUTABLE_LIST);
        containers.put(Object[].class, OBJECT_ARRAY);
        containers.put(HashSet.class, HASH_SET);
        containers.put(LinkedHashSet.class, LINKED_HASH_SET);
        containers.put(Set.of().getClass(), IMMUTABLE_SET);
        containers.put(Set.of(1).getClass(), IMMUTABLE_SET);
        containers.put(Set.of(1, 2, 3).getClass(), IMMUTABLE_SET);
        containers.put(HashMap.class, HASH_MAP);
        containers.put(LinkedHashMap.class, LINKED_HASH_MAP);
        containers.put(Map.of().getClass(), IMMUTABLE_MAP);
        containers.put(Map.of(1, 1).getClass(), IMMUTABLE_MAP);
        return Map.copyOf(containers);
    }
}
