package dev.remaster.tinycore;

import java.io.IOException;
import java.util.List;

/**
 * Thrown by {@link Extensions#add} when an extension, or a dependency named in a {@code .dep}
 * file, is not where {@code tce-load} would look for it. Nothing is added to the image then.
 */
public final class MissingDependencyException extends IOException {
    private static final long serialVersionUID = 1L;

    /**
     * One missing file.
     *
     * @param name the extension file name that was looked for
     * @param neededBy the chain of extensions that leads to it, outermost first (empty for an
     *     extension asked for directly)
     * @param detail where it was looked for, or why it could not be
     */
    public record Missing(String name, List<String> neededBy, String detail) {
        /**
         * Keeps unmodifiable copies of the lists.
         *
         * @param name the extension file name that was looked for
         * @param neededBy the chain of extensions that leads to it, outermost first (empty for an
         *     extension asked for directly)
         * @param detail where it was looked for, or why it could not be
         */
        public Missing {
            neededBy = List.copyOf(neededBy);
        }

        @Override
        public String toString() {
            return name + (neededBy.isEmpty() ? "" : " (dependency of " + String.join(" -> ", neededBy) + ")")
                    + ": " + detail;
        }
    }

    private final transient List<Missing> missing;

    MissingDependencyException(List<Missing> missing) {
        super(message(missing));
        this.missing = List.copyOf(missing);
    }

    private static String message(List<Missing> missing) {
        StringBuilder sb = new StringBuilder(missing.size() == 1 ? "an extension file is missing:"
                : missing.size() + " extension files are missing:");
        for (Missing m : missing) {
            sb.append("\n  ").append(m);
        }
        return sb.toString();
    }

    /**
     * What is missing, in the order found.
     *
     * @return what is missing, in the order found
     */
    public List<Missing> missing() {
        return missing;
    }
}
