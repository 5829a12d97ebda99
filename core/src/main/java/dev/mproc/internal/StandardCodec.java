package dev.mproc.internal;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InvalidClassException;
import java.io.InvalidObjectException;
import java.io.NotSerializableException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.OutputStream;
import java.io.StreamCorruptedException;
import java.lang.invoke.SerializedLambda;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * Java serialization behind a one-byte tag, with fast paths that skip object streams for the common payloads.
 *
 * <p>Encoding: {@code tag:u8} then, by tag: nothing (null); the raw bytes ({@code byte[]}, {@code ByteBuffer});
 * UTF-8 ({@code String}); big-endian fixed width (boxed primitives); a {@link PlainValues} tree (the JDK's common
 * collections and arrays of such values); a Java object stream (anything else), read through a
 * {@link DecodeFilter}.
 */
public final class StandardCodec implements Codec {

    /** The codec shared by every module. */
    public static final StandardCodec INSTANCE = new StandardCodec(false);

    /**
     * The codec for what a new child JVM receives: it also rejects classes the child cannot load because they come
     * from a class loader other than the application class path; decoding in the child applies the filter's limits
     * and the JVM-wide filter, not the class patterns of {@code mproc.serialFilter} (the parent chose the classes).
     */
    public static final StandardCodec FOR_CHILD = new StandardCodec(true);

    static final byte NULL = 0;
    static final byte BYTES = 1;
    static final byte STRING = 2;
    static final byte INT = 3;
    static final byte LONG = 4;
    static final byte DOUBLE = 5;
    static final byte BOOLEAN = 6;
    static final byte BYTE_BUFFER = 7;
    static final byte FLOAT = 8;
    static final byte SHORT = 9;
    static final byte CHAR = 10;
    static final byte BYTE = 11;
    static final byte PLAIN_TREE = 12;
    static final byte OBJECT_STREAM = 'J';

    private final boolean requireApplicationClassPath;

    private StandardCodec(final boolean requireApplicationClassPath) {
        this.requireApplicationClassPath = requireApplicationClassPath;
    }

    @Override
    public void encode(final Object value, final OutputStream out) throws IOException {
        if (value == null) {
            out.write(NULL);
        } else if (value instanceof byte[]) {
            out.write(BYTES);
            out.write((byte[]) value);
        } else if (value instanceof String) {
            out.write(STRING);
            out.write(((String) value).getBytes(StandardCharsets.UTF_8));
        } else if (value instanceof Integer) {
            writeFixed(out, INT, (Integer) value, 4);
        } else if (value instanceof Long) {
            writeFixed(out, LONG, (Long) value, 8);
        } else if (value instanceof Double) {
            writeFixed(out, DOUBLE, Double.doubleToRawLongBits((Double) value), 8);
        } else if (value instanceof Boolean) {
            out.write(BOOLEAN);
            out.write((Boolean) value ? 1 : 0);
        } else if (value instanceof ByteBuffer) {
            out.write(BYTE_BUFFER);
            writeBuffer(out, (ByteBuffer) value);
        } else if (value instanceof Float) {
            writeFixed(out, FLOAT, Float.floatToRawIntBits((Float) value), 4);
        } else if (value instanceof Short) {
            writeFixed(out, SHORT, (Short) value, 2);
        } else if (value instanceof Character) {
            writeFixed(out, CHAR, (Character) value, 2);
        } else if (value instanceof Byte) {
            writeFixed(out, BYTE, (Byte) value, 1);
        } else if (PlainValues.isPlainContainer(value)) {
            out.write(PLAIN_TREE);
            PlainValues.write(out, value);
        } else {
            out.write(OBJECT_STREAM);
            writeObjectStream(value, out);
        }
    }

    @Override
    public Object decode(final byte[] bytes, final int offset, final int length) throws IOException {
        if (length < 1) {
            throw new StreamCorruptedException("empty message: no codec tag");
        }
        final int start = offset + 1;
        final int size = length - 1;
        switch (bytes[offset]) {
            case NULL:
                return null;
            case BYTES:
                return java.util.Arrays.copyOfRange(bytes, start, start + size);
            case STRING:
                return new String(bytes, start, size, StandardCharsets.UTF_8);
            case INT:
                return (int) readFixed(bytes, start, size, 4);
            case LONG:
                return readFixed(bytes, start, size, 8);
            case DOUBLE:
                return Double.longBitsToDouble(readFixed(bytes, start, size, 8));
            case BOOLEAN:
                return readFixed(bytes, start, size, 1) != 0;
            case BYTE_BUFFER:
                return ByteBuffer.wrap(java.util.Arrays.copyOfRange(bytes, start, start + size));
            case FLOAT:
                return Float.intBitsToFloat((int) readFixed(bytes, start, size, 4));
            case SHORT:
                return (short) readFixed(bytes, start, size, 2);
            case CHAR:
                return (char) readFixed(bytes, start, size, 2);
            case BYTE:
                return (byte) readFixed(bytes, start, size, 1);
            case PLAIN_TREE:
                return PlainValues.read(bytes, start, size);
            case OBJECT_STREAM:
                return readObjectStream(bytes, start, size, !requireApplicationClassPath);
            default:
                throw new StreamCorruptedException("unknown codec tag " + bytes[offset]);
        }
    }

    /**
     * Encodes a child's task, checking every class it references as {@link #FOR_CHILD} does.
     *
     * @param task the task
     * @param out  where to write it
     * @return the class loaders of the classes it references that are not the application loader or its ancestors
     *         (a launcher's loaders, whose entries the child's class path needs)
     * @throws IOException when the task cannot be encoded, or references a class a child could not load (named)
     */
    public static Set<ClassLoader> encodeTask(final Object task, final OutputStream out) throws IOException {
        out.write(OBJECT_STREAM);
        return FOR_CHILD.writeObjectStream(task, out);
    }

    private Set<ClassLoader> writeObjectStream(final Object value, final OutputStream out) throws IOException {
        final CheckingObjectOutputStream objects = new CheckingObjectOutputStream(out, requireApplicationClassPath,
            value.getClass().getClassLoader());
        try (objects) {
            objects.writeObject(value);
        } catch (final NotSerializableException e) {
            throw notSerializable(value, e);
        }
        return objects.launcherLoaders;
    }

    private static NotSerializableException notSerializable(final Object value, final NotSerializableException e) {
        final String sender = value.getClass().isSynthetic() || value.getClass().getName().contains("$$Lambda")
            ? "the lambda" : "the " + value.getClass().getName();
        final NotSerializableException failure = new NotSerializableException(
            "class " + e.getMessage() + " is not Serializable; " + sender
                + " captures or reaches an instance of it, so it cannot be sent to another process");
        failure.initCause(e);
        return failure;
    }

    /**
     * Reads a string message without touching any other encoding: for the first message of a protocol, which must be
     * validated before anything in it is deserialized.
     *
     * @param bytes  the message
     * @param offset where the encoding starts
     * @param length how many bytes it has
     * @return the string
     * @throws StreamCorruptedException when the message is not an encoded string (nothing of it was decoded)
     */
    public static String decodeString(final byte[] bytes, final int offset, final int length)
        throws StreamCorruptedException {
        if (length < 1 || bytes[offset] != STRING) {
            throw new StreamCorruptedException("expected a string message, found codec tag "
                + (length < 1 ? "none" : Byte.toString(bytes[offset])));
        }
        return new String(bytes, offset + 1, length - 1, StandardCharsets.UTF_8);
    }

    private static Object readObjectStream(final byte[] bytes, final int start, final int size,
                                           final boolean checkClasses) throws IOException {
        final DecodeFilter filter = DecodeFilter.forMessage(size, checkClasses);
        try (ObjectInputStream objects = new ObjectInputStream(new ByteArrayInputStream(bytes, start, size))) {
            objects.setObjectInputFilter(filter);
            return objects.readObject();
        } catch (final InvalidClassException e) {
            if (filter.rejection() == null) {
                throw e;
            }
            final InvalidClassException failure = new InvalidClassException(e.classname, "rejected by mproc's"
                + " deserialization filter in process " + ProcessHandle.current().pid() + ": " + filter.rejection()
                + " (see -D" + DecodeFilter.PROPERTY + ")");
            failure.initCause(e);
            throw failure;
        } catch (final ClassNotFoundException e) {
            final InvalidClassException failure = new InvalidClassException(e.getMessage(),
                "class not found on the class path of process " + ProcessHandle.current().pid());
            failure.initCause(e);
            throw failure;
        }
    }

    private static void writeFixed(final OutputStream out, final byte tag, final long value, final int width)
        throws IOException {
        out.write(tag);
        for (int shift = (width - 1) * 8; shift >= 0; shift -= 8) {
            out.write((int) (value >>> shift));
        }
    }

    private static long readFixed(final byte[] bytes, final int start, final int size, final int width)
        throws StreamCorruptedException {
        if (size != width) {
            throw new StreamCorruptedException("expected " + width + " bytes for a primitive, got " + size);
        }
        long value = 0;
        for (int i = 0; i < width; i++) {
            value = (value << 8) | (bytes[start + i] & 0xFF);
        }
        if (width < 8) {
            final int unused = 64 - width * 8;
            value = (value << unused) >> unused;
        }
        return value;
    }

    private static void writeBuffer(final OutputStream out, final ByteBuffer buffer) throws IOException {
        final ByteBuffer view = buffer.duplicate();
        if (view.hasArray()) {
            out.write(view.array(), view.arrayOffset() + view.position(), view.remaining());
        } else {
            final byte[] chunk = new byte[Math.min(view.remaining(), 64 * 1024)];
            while (view.hasRemaining()) {
                final int n = Math.min(chunk.length, view.remaining());
                view.get(chunk, 0, n);
                out.write(chunk, 0, n);
            }
        }
    }

    /**
     * An object stream that names classes a new child JVM could not load, before anything is sent.
     */
    private static final class CheckingObjectOutputStream extends ObjectOutputStream {

        private final boolean requireApplicationClassPath;
        /** The root object's loader: a lambda's capturing class is found there first (the lambda is gone by then). */
        private final ClassLoader rootLoader;
        /** The loaders met that are not the application loader or its ancestors. */
        final Set<ClassLoader> launcherLoaders = new java.util.LinkedHashSet<>();

        CheckingObjectOutputStream(final OutputStream out, final boolean requireApplicationClassPath,
                                   final ClassLoader rootLoader) throws IOException {
            super(out);
            this.requireApplicationClassPath = requireApplicationClassPath;
            this.rootLoader = rootLoader;
            enableReplaceObject(requireApplicationClassPath);
        }

        @Override
        protected void annotateClass(final Class<?> type) throws IOException {
            if (requireApplicationClassPath) {
                requireOnClassPath(type.getName(), type.getClassLoader());
            }
        }

        @Override
        protected Object replaceObject(final Object object) throws IOException {
            if (object instanceof SerializedLambda) {
                final String capturing = ((SerializedLambda) object).getCapturingClass().replace('/', '.');
                if (!capturedByReachableClass(capturing)) {
                    throw new InvalidObjectException("the lambda was defined in class " + capturing
                        + ", which is neither on the application class path nor in a class loader of local files"
                        + " whose entries a child JVM could be given");
                }
            }
            return object;
        }

        /** Whether the lambda's capturing class is one a child can load, looked up where the task's code lives. */
        private boolean capturedByReachableClass(final String capturing) {
            for (final ClassLoader loader : new ClassLoader[] {rootLoader, Thread.currentThread()
                .getContextClassLoader(), StandardCodec.class.getClassLoader(), ClassLoader.getSystemClassLoader()}) {
                if (loader == null) {
                    continue;
                }
                try {
                    final ClassLoader defining = Class.forName(capturing, false, loader).getClassLoader();
                    if (!ChildClassPath.isApplicationOrAncestor(defining) && ChildClassPath.reachable(defining)) {
                        launcherLoaders.add(defining);
                    }
                    return ChildClassPath.reachable(defining);
                } catch (final ClassNotFoundException e) {
                    // Not visible from this loader: try the next.
                }
            }
            return false;
        }

        private void requireOnClassPath(final String name, final ClassLoader loader) throws IOException {
            if (!ChildClassPath.reachable(loader)) {
                throw new InvalidObjectException("class " + name + " was loaded by " + loader
                    + ", neither from the application class path nor from local files a child JVM could be given,"
                    + " so a child JVM could not load it");
            }
            if (!ChildClassPath.isApplicationOrAncestor(loader)) {
                launcherLoaders.add(loader);
            }
        }
    }
}
