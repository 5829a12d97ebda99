package dev.mproc.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A class loader that defines classes from bytes it reads itself, from a directory of class files: a loader no
 * command line could name, so a child JVM can never be given its classes.
 */
public final class OpaqueClassLoader extends ClassLoader {

    private final Path classes;

    /**
     * @param parent  where classes not in the directory come from
     * @param classes a directory of class files laid out by package
     */
    public OpaqueClassLoader(final ClassLoader parent, final Path classes) {
        super(parent);
        this.classes = classes;
    }

    @Override
    protected Class<?> findClass(final String name) throws ClassNotFoundException {
        try {
            final byte[] bytes = Files.readAllBytes(classes.resolve(name.replace('.', '/') + ".class"));
            return defineClass(name, bytes, 0, bytes.length);
        } catch (final IOException e) {
            throw new ClassNotFoundException(name, e);
        }
    }
}
