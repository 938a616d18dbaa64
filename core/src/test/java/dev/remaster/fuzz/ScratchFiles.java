package dev.remaster.fuzz;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A temporary directory for one fuzz test class, reused by every execution (fuzzing runs millions
 * of them) and deleted by {@link #delete()}.
 */
final class ScratchFiles {
    private final Path directory;

    ScratchFiles(String prefix) {
        try {
            directory = Files.createTempDirectory(prefix);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file {@code name} in the directory, holding {@code bytes}. */
    Path write(String name, byte[] bytes) throws IOException {
        return Files.write(directory.resolve(name), bytes);
    }

    /** The path {@code name} in the directory. */
    Path resolve(String name) {
        return directory.resolve(name);
    }

    /** Deletes the directory and everything in it. */
    void delete() throws IOException {
        try (Stream<Path> all = Files.walk(directory)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
