package dev.remaster.spec;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * A parsed gen_init_cpio file list: an immutable value.
 *
 * @param sourceName what to call the list in messages (its file name), or {@code null}
 * @param baseDirectory the directory that relative {@code file} locations are resolved against
 *     (gen_init_cpio uses its working directory; {@link SpecParser} uses the list's directory
 *     unless told otherwise)
 * @param lines the entry lines in the order written; comments and blank lines are not kept
 */
public record InitramfsSpec(String sourceName, Path baseDirectory, List<SpecLine> lines) {
    /**
     * Checks the components and keeps unmodifiable copies of the lists.
     *
     * @param sourceName what to call the list in messages (its file name), or {@code null}
     * @param baseDirectory the directory that relative {@code file} locations are resolved against
     *     (gen_init_cpio uses its working directory; {@link SpecParser} uses the list's directory
     *     unless told otherwise)
     * @param lines the entry lines in the order written; comments and blank lines are not kept
     */
    public InitramfsSpec {
        Objects.requireNonNull(baseDirectory, "baseDirectory");
        lines = List.copyOf(lines);
    }

    /**
     * {@code location} of a {@code file} line resolved against {@link #baseDirectory()}.
     *
     * @param line the line
     * @return {@code location} of a {@code file} line resolved against {@link #baseDirectory()}
     */
    public Path resolve(SpecLine.RegularFile line) {
        return baseDirectory.resolve(line.location());
    }
}
