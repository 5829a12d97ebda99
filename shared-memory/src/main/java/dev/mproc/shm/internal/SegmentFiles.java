package dev.mproc.shm.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Objects;
import java.util.Set;

/**
 * Opens shared-memory files so that no other local user can feed this process one: files are created exclusively,
 * never opened through a symbolic link, and refused unless they are regular files owned by this process's user with
 * mode 0600.
 *
 * <p>Why: a file another user owns or can write can be read by that user, and truncated under a mapping, which kills
 * the mapping process with {@code SIGBUS}; a link would let a name point anywhere. The JDK offers no {@code fstat}
 * of an open channel, so the checks read the path's own attributes ({@code lstat}) before opening (a FIFO or device
 * is never opened) and again after opening without following links, and require the same file (device and inode)
 * both times: the file mapped is the file checked. In {@code /dev/shm} (sticky) or the private runtime directory
 * nobody else can rename or remove this user's files, so nobody can swap one in between the two looks.
 *
 * <p><b>Thread safety:</b> stateless. <b>Process safety:</b> see above; the owner compared with is the user named by
 * {@code user.name}, as for the runtime directory.
 */
final class SegmentFiles {

    private static final Set<PosixFilePermission> MODE = PosixFilePermissions.fromString("rw-------");
    private static final FileAttribute<Set<PosixFilePermission>> CREATE_MODE =
        PosixFilePermissions.asFileAttribute(MODE);
    private static final Set<OpenOption> CREATE = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
        StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
    private static final Set<OpenOption> OPEN = Set.of(StandardOpenOption.READ, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS);

    private static volatile UserPrincipal self;

    private SegmentFiles() {
    }

    /**
     * Creates a new file with mode 0600; fails if anything (a file, a link, a dangling link) has the name.
     *
     * @param path the file
     * @return the channel, open for reading and writing
     * @throws java.nio.file.FileAlreadyExistsException when the name exists
     * @throws IOException when it cannot be made, or what was made is not private (a umask without owner bits)
     */
    static FileChannel create(final Path path) throws IOException {
        final FileChannel channel = FileChannel.open(path, CREATE, CREATE_MODE);
        try {
            check(path, attributes(path));
            return channel;
        } catch (final IOException | RuntimeException e) {
            channel.close();
            Files.deleteIfExists(path);
            throw e;
        }
    }

    /**
     * Opens an existing file for reading and writing, after checking that it is a private regular file of this user.
     *
     * @param path the file
     * @return the channel
     * @throws java.nio.file.NoSuchFileException when there is no such file
     * @throws AccessDeniedException when it is a link, not a regular file, another user's, or readable or writable by
     *                               others; the message names the file and the reason
     * @throws IOException when it cannot be opened
     */
    static FileChannel open(final Path path) throws IOException {
        final PosixFileAttributes before = attributes(path);
        check(path, before);
        final FileChannel channel;
        try {
            channel = FileChannel.open(path, OPEN);
        } catch (final FileSystemException e) {
            // ELOOP when the name became a link after the first look.
            check(path, attributes(path));
            throw e;
        }
        try {
            final PosixFileAttributes after = attributes(path);
            check(path, after);
            if (!Objects.equals(before.fileKey(), after.fileKey())) {
                throw refused(path, "it was replaced while being opened");
            }
            return channel;
        } catch (final IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** @return the file's own attributes (a link's, not its target's) */
    private static PosixFileAttributes attributes(final Path path) throws IOException {
        return Files.readAttributes(path, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }

    private static void check(final Path path, final PosixFileAttributes attributes) throws IOException {
        if (attributes.isSymbolicLink()) {
            throw refused(path, "it is a symbolic link");
        }
        if (!attributes.isRegularFile()) {
            throw refused(path, "it is not a regular file");
        }
        final UserPrincipal user = self(path);
        if (!attributes.owner().equals(user)) {
            throw refused(path, "it belongs to " + attributes.owner().getName() + ", not to " + user.getName());
        }
        if (!attributes.permissions().equals(MODE)) {
            throw refused(path, "its mode is " + PosixFilePermissions.toString(attributes.permissions())
                + ", not rw------- (0600)");
        }
    }

    private static AccessDeniedException refused(final Path path, final String why) {
        return new AccessDeniedException(path.toString(), null, "shared-memory file refused: " + why);
    }

    private static UserPrincipal self(final Path path) throws IOException {
        UserPrincipal user = self;
        if (user == null) {
            user = path.getFileSystem().getUserPrincipalLookupService()
                .lookupPrincipalByName(System.getProperty("user.name"));
            self = user;
        }
        return user;
    }
}
