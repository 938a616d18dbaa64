package dev.remaster.benchmarks;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.CodeSource;

/**
 * Where the benchmarks keep generated inputs and write their summary: the directory of the
 * benchmarks jar when it sits in a Maven {@code target} directory (so {@code mvn clean} removes
 * them), else {@code java.io.tmpdir/remaster-benchmarks}; the system property
 * {@code remaster.bench.dir} overrides both.
 */
final class Cache {
    static final String DIRECTORY_PROPERTY = "remaster.bench.dir";

    /** Writes a file's content. */
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private Cache() {
    }

    /** The cache directory, created if needed. */
    static Path directory() throws IOException {
        String configured = System.getProperty(DIRECTORY_PROPERTY);
        Path dir = configured != null ? Path.of(configured) : besideJar();
        if (dir == null) {
            dir = Path.of(System.getProperty("java.io.tmpdir"), "remaster-benchmarks");
        }
        return Files.createDirectories(dir);
    }

    /**
     * The cached file {@code name}, made by {@code content} if it is not there yet. The file is
     * written under a temporary name and moved into place, so a run that dies half-way never
     * leaves a partial file that a later run would trust.
     */
    static Path file(String name, Content content) throws IOException {
        Path dir = directory();
        Path target = dir.resolve(name);
        if (Files.isRegularFile(target)) {
            return target;
        }
        Path temp = Files.createTempFile(dir, name, ".partial");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16)) {
                content.writeTo(out);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
        return target;
    }

    private static Path besideJar() {
        CodeSource source = Cache.class.getProtectionDomain().getCodeSource();
        if (source == null || source.getLocation() == null) {
            return null;
        }
        try {
            Path location = Path.of(source.getLocation().toURI());
            // Run from the shaded jar: target/benchmarks.jar; from an IDE: target/classes.
            Path dir = location.getParent();
            return dir != null && dir.getFileName() != null && dir.getFileName().toString().equals("target")
                    ? dir : null;
        } catch (URISyntaxException | IllegalArgumentException e) {
            return null;
        }
    }
}
