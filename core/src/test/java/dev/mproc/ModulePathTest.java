package dev.mproc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.internal.ChildClassPath;
import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import dev.mproc.testing.modapp.ModulePathMain;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** An application on the module path starts children, and a class path a child cannot start from is named. */
@ExtendWith(NoLeaks.class)
class ModulePathTest {

    @TempDir
    Path dir;

    @Test
    void shouldStartAChildFromAnApplicationOnTheModulePath() throws Exception {
        final Path mods = Files.createDirectories(dir.resolve("mods"));
        final Path classes = Path.of(Process.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        final Path testClasses = Path.of(ModulePathMain.class.getProtectionDomain().getCodeSource().getLocation()
            .toURI());
        jar(classes, "", mods.resolve("mproc.core.jar"));
        jar(testClasses, ModulePathMain.class.getPackageName().replace('.', '/'), mods.resolve("modapp.jar"));
        final java.lang.Process app = new ProcessBuilder(List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-p", mods.toString(), "-m", "modapp/" + ModulePathMain.class.getName(), dir.resolve("out").toString()))
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .redirectError(dir.resolve("stderr.txt").toFile())
            .start();
        final int status = Children.awaitExit(app, Await.HANG);
        final String err = Files.readString(dir.resolve("stderr.txt"));
        assertEquals(0, status, err);
        assertEquals("module modapp, exit code 0, child N ran", Files.readString(dir.resolve("stdout.txt")).strip(),
            err);
    }

    @Test
    void shouldNameAClassPathThatDoesNotHoldMprocInsteadOfStartingAChildThatCannotRun() throws Exception {
        final IOException e = assertThrows(IOException.class,
            () -> ChildClassPath.requireEntryPoint(dir.toString()));
        assertTrue(e.getMessage().contains("does not hold mproc's entry point dev.mproc.internal.ChildMain"),
            e.getMessage());
        assertTrue(e.getMessage().contains(dir.toString()), e.getMessage());
    }

    @Test
    void shouldExpandADirectoryOfModulesIntoItsJars() throws Exception {
        final Path mods = Files.createDirectories(dir.resolve("mods"));
        Files.createFile(mods.resolve("b.jar"));
        Files.createFile(mods.resolve("a.jar"));
        Files.createDirectories(mods.resolve("c"));
        Files.createFile(mods.resolve("c").resolve("module-info.class"));
        Files.createDirectories(mods.resolve("not-a-module"));
        final Path exploded = Files.createDirectories(dir.resolve("exploded"));
        Files.createFile(exploded.resolve("module-info.class"));
        assertEquals(List.of(mods.resolve("a.jar").toString(), mods.resolve("b.jar").toString(),
                mods.resolve("c").toString(), exploded.toString()),
            ChildClassPath.modulePathEntries(mods + java.io.File.pathSeparator + exploded));
    }

    /**
     * {@code java -jar app.jar} whose manifest names mproc's jar: the JVM follows Class-Path, and so does the check.
     */
    @Test
    void shouldFindTheEntryPointThroughAJarsManifestClassPath() throws Exception {
        final Path lib = Files.createDirectories(dir.resolve("lib"));
        jar(Path.of(Process.class.getProtectionDomain().getCodeSource().getLocation().toURI()), "",
            lib.resolve("mproc-core.jar"));
        final Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "lib/mproc-core.jar");
        final Path app = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(app), manifest)) {
            out.putNextEntry(new JarEntry("app/"));
            out.closeEntry();
        }
        ChildClassPath.requireEntryPoint(app.toString());
        final Path bare = dir.resolve("bare.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(bare))) {
            out.putNextEntry(new JarEntry("app/"));
            out.closeEntry();
        }
        assertThrows(IOException.class, () -> ChildClassPath.requireEntryPoint(bare.toString()));
    }

    /** Jars the files of a directory under a prefix (all of them for an empty prefix). */
    private static void jar(final Path root, final String prefix, final Path jar) throws IOException {
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar));
             Stream<Path> files = Files.walk(root.resolve(prefix))) {
            for (final Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new JarEntry(root.relativize(file).toString().replace('\\', '/')));
                Files.copy(file, out);
                out.closeEntry();
            }
        }
    }
}
