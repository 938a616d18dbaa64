package dev.remaster.diff;

import java.util.List;

/**
 * One difference between two images.
 *
 * @param kind added, removed or changed
 * @param path the absolute path
 * @param before the state in the first image, or null when added
 * @param after the state in the second image, or null when removed
 * @param fields for a change, what differs: {@code type}, {@code content}, {@code mode}, {@code owner},
 *     {@code mtime}, {@code target}, {@code device}
 */
public record Change(Kind kind, String path, EntryState before, EntryState after, List<String> fields) {
    /** The kinds of difference. */
    public enum Kind {
        /** The path is in the second image only. */
        ADDED,
        /** The path is in the first image only. */
        REMOVED,
        /** The path is in both, and {@link Change#fields()} name what differs. */
        CHANGED
    }
}
