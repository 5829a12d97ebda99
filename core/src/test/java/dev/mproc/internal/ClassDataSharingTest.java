package dev.mproc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.mproc.ParentScenarios;
import dev.mproc.testing.Await;
import dev.mproc.testing.Children;
import dev.mproc.testing.NoLeaks;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@ExtendWith(NoLeaks.class)
class ClassDataSharingTest {

    @TempDir
    Path dir;

    @Test
    void shouldMakeTheArchiveOrCacheAfterTheFirstChildAndUseItForTheNext() throws Exception {
        final Path jar = dir.resolve("app.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            addTree(out, Path.of(ClassDataSharing.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
            addTree(out, Path.of(ParentScenarios.class.getProtectionDomain().getCodeSource().getLocation().toURI()));
        }
        final Path cache = dir.resolve("cache");
        final ProcessBuilder parent = new ProcessBuilder(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            // No spare: one booted before the cache was made would start the second child without it.
            "-Dmproc.spares=0", "-cp", jar.toString(), ParentScenarios.class.getName(), "cds", dir.toString())
            .redirectOutput(dir.resolve("stdout.txt").toFile())
            .redirectError(dir.resolve("stderr.txt").toFile());
        parent.environment().put("XDG_CACHE_HOME", cache.toString());
        final java.lang.Process started = parent.start();
        assertEquals(0, Children.awaitExit(started, Await.HANG), Files.readString(dir.resolve("stderr.txt")));

        assertEquals("first exit code 0\nsecond exit code 0", Files.readString(dir.resolve("stdout.txt")).trim());
        assertEquals("", Files.readString(dir.resolve("stderr.txt")).trim(), "the CDS log stays quiet");
        final List<String> first = Files.readAllLines(dir.resolve("first"));
        final List<String> second = Files.readAllLines(dir.resolve("second"));
        final boolean aheadOfTime = Runtime.version().feature() >= 25;
        if (aheadOfTime) {
            assertTrue(first.stream().noneMatch(flag -> flag.startsWith("-XX:AOT")), first.toString());
            assertTrue(second.stream().anyMatch(flag -> flag.startsWith("-XX:AOTCache=")), second.toString());
        } else {
            assertTrue(first.stream().anyMatch(flag -> flag.startsWith("-XX:ArchiveClassesAtExit=")),
                first.toString());
            assertTrue(second.stream().anyMatch(flag -> flag.startsWith("-XX:SharedArchiveFile=")),
                second.toString());
        }
        try (Stream<Path> archives = Files.list(cache.resolve("mproc").resolve("cds"))) {
            final List<Path> files = archives.toList();
            assertEquals(1, files.size(), "one archive and no partial file: " + files);
            assertTrue(files.get(0).getFileName().toString()
                .matches("child-[0-9a-f]{24}\\." + (aheadOfTime ? "aot" : "jsa")), files.toString());
        }
    }

    @Test
    void shouldStayOutOfTheWayWhenTheClassPathHasDirectories() {
        final ClassDataSharing.Plan plan = ClassDataSharing.plan(dir.toString(), List.of());
        assertTrue(plan.options().isEmpty());
        assertFalse(ClassDataSharing.plan("", List.of()).options().iterator().hasNext());
    }

    @Test
    void shouldKeepOnlyTheMostRecentlyUsedArchivesAndThePartialsOfLiveMakers() throws Exception {
        final Path cache = Files.createDirectories(dir.resolve("cds"));
        final java.time.Instant now = java.time.Instant.now();
        for (int age = 0; age < ClassDataSharing.KEPT + 3; age++) {
            final Path archive = Files.writeString(cache.resolve("child-" + age + ".jsa"), "archive");
            Files.setLastModifiedTime(archive, java.nio.file.attribute.FileTime.from(now.minusSeconds(60L * age)));
        }
        final java.lang.Process ended = new ProcessBuilder("true").start();
        ended.waitFor();
        final Path deadMakers = Files.writeString(cache.resolve("child-x.jsa." + ended.pid() + ".partial"), "half");
        final Path liveMakers = Files.writeString(cache.resolve("child-y.jsa." + ProcessHandle.current().pid()
            + ".partial"), "half");
        final Path unrelated = Files.writeString(cache.resolve("notes.txt"), "mine");

        ClassDataSharing.evict(cache);

        for (int age = 0; age < ClassDataSharing.KEPT + 3; age++) {
            assertEquals(age < ClassDataSharing.KEPT, Files.exists(cache.resolve("child-" + age + ".jsa")),
                "archive used " + age + " minutes ago");
        }
        assertFalse(Files.exists(deadMakers), "a partial archive whose maker is gone is removed");
        assertTrue(Files.exists(liveMakers), "a partial archive still being made stays");
        assertTrue(Files.exists(unrelated), "files that are not archives are left alone");
    }

    private static void addTree(final JarOutputStream out, final Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            for (final Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                final String name = root.relativize(file).toString().replace('\\', '/');
                try {
                    out.putNextEntry(new JarEntry(name));
                } catch (final java.util.zip.ZipException duplicate) {
                    continue;
                }
                try (OutputStream entry = new NonClosing(out)) {
                    Files.copy(file, entry);
                }
                out.closeEntry();
            }
        }
    }

    /** Lets Files.copy write an entry without closing the whole jar. */
    private static final class NonClosing extends java.io.FilterOutputStream {
        NonClosing(final OutputStream out) {
            super(out);
        }

        @Override
        public void write(final byte[] b, final int off, final int len) throws IOException {
            out.write(b, off, len);
        }

        @Override
        public void close() {
            // The jar stays open for the next entry.
        }
    }
}
