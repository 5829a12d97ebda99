package dev.mproc.internal;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.StreamCorruptedException;

/**
 * What a parent writes on a new child's standard input: who the child is, the tree's authkey, and the encoded task.
 *
 * <pre>
 *   magic:i32 = 0x4D50524F ("MPRO")   version:u8 = 1
 *   name:utf  identity:utf  daemon:bool  parentName:utf  parentPid:i64
 *   authkeyLength:i32  authkey:bytes
 *   taskLength:i32     task:bytes (the standard codec)
 * </pre>
 *
 * The parent closes the pipe after it; the child's standard input is then empty.
 */
public record ChildLaunch(String name, String identity, boolean daemon, String parentName, long parentPid,
                          byte[] authkey, byte[] task) {

    private static final int MAGIC = 0x4D50524F;
    private static final int VERSION = 1;

    /**
     * @param out the child's standard input
     * @throws IOException when the child is gone already
     */
    public void writeTo(final OutputStream out) throws IOException {
        final DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(out, 8192 + task.length));
        data.writeInt(MAGIC);
        data.writeByte(VERSION);
        data.writeUTF(name);
        data.writeUTF(identity);
        data.writeBoolean(daemon);
        data.writeUTF(parentName);
        data.writeLong(parentPid);
        data.writeInt(authkey.length);
        data.write(authkey);
        data.writeInt(task.length);
        data.write(task);
        data.flush();
    }

    /**
     * @param in the standard input of this child
     * @return what the parent sent
     * @throws IOException when the stream is not a launch message (the child was not started by mproc)
     */
    public static ChildLaunch readFrom(final InputStream in) throws IOException {
        final DataInputStream data = new DataInputStream(in);
        if (data.readInt() != MAGIC || data.readUnsignedByte() != VERSION) {
            throw new StreamCorruptedException("standard input does not start with an mproc launch message");
        }
        final String name = data.readUTF();
        final String identity = data.readUTF();
        final boolean daemon = data.readBoolean();
        final String parentName = data.readUTF();
        final long parentPid = data.readLong();
        final byte[] authkey = new byte[data.readInt()];
        data.readFully(authkey);
        final byte[] task = new byte[data.readInt()];
        data.readFully(task);
        return new ChildLaunch(name, identity, daemon, parentName, parentPid, authkey, task);
    }
}
