package dev.driftwatch.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;

/**
 * The command that runs the driftwatch CLI in a JVM of its own, with this test run's classpath and the container's
 * compiler flag (C1 only): for scenarios about real processes, signals and kills.
 */
public final class DriftwatchJvm {
    private final String classpath;
    private final Path archive;
    private final List<String> flags;

    private DriftwatchJvm(String classpath, Path archive, List<String> flags) {
        this.classpath = classpath;
        this.archive = archive;
        this.flags = flags;
    }

    /** {@code java ... dev.driftwatch.cli.Main <args>}. */
    public static List<String> command(String... args) {
        return new DriftwatchJvm(System.getProperty("java.class.path"), null, List.of()).cli(List.of(), args);
    }

    /**
     * For a scenario that starts the CLI many times: JVMs that start from a class-data archive, as the container image
     * does (see the Dockerfile), about twice as fast, and with its serial collector. The archive is written by the first run of {@link #training}, which
     * must exit by itself (a killed JVM writes none); until then, and wherever the archive cannot be used, the JVM
     * starts as usual. The archive needs a classpath of jars only, so each directory of it is packed in {@code dir}.
     * sqlite-jdbc unpacks its native library at every start and deletes it at exit, which a killed JVM never reaches:
     * those copies go to {@code dir} too, not to the machine's temporary directory.
     */
    public static DriftwatchJvm forRepeatedStarts(Path dir) {
        try {
            Files.createDirectories(dir);
            List<String> entries = new ArrayList<>();
            int n = 0;
            for (String entry : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
                Path p = Path.of(entry);
                if (Files.isDirectory(p)) {
                    Path jar = dir.resolve("classes-" + n++ + ".jar");
                    pack(p, jar);
                    entries.add(jar.toString());
                } else {
                    entries.add(entry);
                }
            }
            Path nativeLibraries = Files.createDirectories(dir.resolve("sqlite-native"));
            // The serial collector, as in the image: no GC threads to start, for JVMs that live a second or two.
            return new DriftwatchJvm(String.join(java.io.File.pathSeparator, entries), dir.resolve("driftwatch.jsa"),
                    List.of("-XX:+UseSerialGC", "-Dorg.sqlite.tmpdir=" + nativeLibraries));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A run that writes the class-data archive when it exits. */
    public List<String> training(String... args) {
        return cli(List.of("-XX:ArchiveClassesAtExit=" + archive, "-Xlog:cds=off", "-Xlog:cds+dynamic=off"), args);
    }

    /** A run that starts from the archive when there is one. */
    public List<String> fromArchive(String... args) {
        return cli(List.of("-XX:SharedArchiveFile=" + archive, "-Xshare:auto", "-Xlog:cds=off", "-Xlog:cds+dynamic=off"), args);
    }

    private List<String> cli(List<String> archiveFlags, String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:TieredStopAtLevel=1"));
        command.addAll(flags);
        command.addAll(archiveFlags);
        command.addAll(List.of("-cp", classpath, "dev.driftwatch.cli.Main"));
        command.addAll(List.of(args));
        return command;
    }

    private static void pack(Path dir, Path jar) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(file);
             Stream<Path> files = Files.walk(dir)) {
            // Directories too: a class loader finds a resource folder in a jar (Flyway's db/migration) only by its entry.
            for (Path f : files.filter(f -> !f.equals(dir)).sorted().toList()) {
                String name = dir.relativize(f).toString().replace('\\', '/');
                boolean folder = Files.isDirectory(f);
                out.putNextEntry(new JarEntry(folder ? name + "/" : name));
                if (!folder) {
                    Files.copy(f, out);
                }
                out.closeEntry();
            }
        }
    }
}
