package dev.remaster.tinycore;

import java.util.List;
import java.util.Objects;

/**
 * A boot code that an image's own scripts read from the kernel command line, and where.
 *
 * @param name the code's key: {@code tce} for {@code tce=sda1}, {@code noswap} for the flag
 * @param seenAt every place it was read, sorted by path and line
 */
public record KnownBootCode(String name, List<Sighting> seenAt) {

    /**
     * Checks the components and keeps unmodifiable copies of the lists.
     *
     * @param name the code's key: {@code tce} for {@code tce=sda1}, {@code noswap} for the flag
     * @param seenAt every place it was read, sorted by path and line
     */
    public KnownBootCode {
        Objects.requireNonNull(name, "name");
        seenAt = List.copyOf(seenAt);
    }

    /**
     * One place a script reads a boot code.
     *
     * @param path the script's path in the image
     * @param line the line number, from 1
     * @param takesValue whether it is read as {@code name=value} there, rather than as a flag
     * @param how what reads it: {@code case}, {@code getbootparam}, {@code checkbootparam} or {@code grep}
     */
    public record Sighting(String path, int line, boolean takesValue, String how) {
        @Override
        public String toString() {
            return path + ":" + line + " (" + how + ", " + (takesValue ? "value" : "flag") + ")";
        }
    }

    /**
     * Whether some script reads it as {@code name=value}.
     *
     * @return whether some script reads it as {@code name=value}
     */
    public boolean takesValue() {
        return seenAt.stream().anyMatch(Sighting::takesValue);
    }

    /**
     * Whether some script reads it as a bare flag.
     *
     * @return whether some script reads it as a bare flag
     */
    public boolean isFlag() {
        return seenAt.stream().anyMatch(s -> !s.takesValue());
    }

    /**
     * The paths of the scripts that read it, without repeats, in order.
     *
     * @return the paths of the scripts that read it, without repeats, in order
     */
    public List<String> paths() {
        return seenAt.stream().map(Sighting::path).distinct().toList();
    }
}
