package dev.remaster.extract;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;

/**
 * Chooses which entries an {@link Extractor} writes, by normalised name: the name without leading
 * slashes, without {@code .} and empty components, components joined by single slashes
 * ({@code /./etc//init.d/} becomes {@code etc/init.d}), and {@code ""} for the archive's root.
 * Entries whose names have a {@code ..} component never reach a filter.
 *
 * <pre>{@code
 * // remaster extract IMAGE DIR etc/init.d bin/busybox
 * Extractor.to(dir, ExtractOptions.defaults())
 *          .selecting(PathFilter.of(List.of("etc/init.d", "bin/busybox")))
 *          .extract(reader);
 * }</pre>
 *
 * <p>Missing parent directories of a selected entry are created (without the archive's metadata
 * for them, unless they are selected too).
 */
@FunctionalInterface
public interface PathFilter {

    /**
     * Whether the entry with this normalised name is extracted.
     *
     * @param normalizedName the normalized name
     * @return whether the entry with this normalised name is extracted
     */
    boolean accepts(String normalizedName);

    /**
     * Every entry.
     *
     * @return every entry
     */
    static PathFilter all() {
        return name -> true;
    }

    /**
     * The given paths, each selecting itself and everything under it: {@code etc} selects
     * {@code etc} and {@code etc/passwd} but not {@code etcetera}. Paths are normalised like entry
     * names, so {@code /etc/}, {@code ./etc} and {@code etc} are the same; {@code .} or {@code /}
     * selects everything. No paths select nothing.
     *
     * @throws IllegalArgumentException if a path has a {@code ..} component
     * @param paths the paths
     * @return the given paths, each selecting itself and everything under it: {@code etc} selects {@code etc} and {@code etc/passwd} but not {@code etcetera}
     */
    static PathFilter of(Collection<String> paths) {
        List<String> prefixes = new ArrayList<>();
        for (String path : paths) {
            EntryPath p = EntryPath.parse(Objects.requireNonNull(path, "path"));
            if (p.dotDot()) {
                throw new IllegalArgumentException("path '" + path + "' may not have a '..' component");
            }
            if (p.isRoot()) {
                return all();
            }
            prefixes.add(p.joined());
        }
        return name -> {
            for (String prefix : prefixes) {
                if (name.startsWith(prefix)
                        && (name.length() == prefix.length() || name.charAt(prefix.length()) == '/')) {
                    return true;
                }
            }
            return false;
        };
    }

    /**
     * As {@link #of(Collection)}.
     *
     * @param paths the paths
     * @return the path filter
     */
    static PathFilter of(String... paths) {
        return of(List.of(paths));
    }
}
