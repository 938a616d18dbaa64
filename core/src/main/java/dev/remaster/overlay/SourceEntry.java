package dev.remaster.overlay;

import dev.remaster.cpio.CpioEntry;

/**
 * An entry of the source image, where it stands, and what it became in the edit view.
 *
 * <p>Most entries are held here only, not in the view's file system, until the view needs them
 * (see {@link LazyTree}); {@link #fileKey()} is null until then.
 */
final class SourceEntry {
    private final int segment;
    private final int ordinal;
    private final int archive;
    private final CpioEntry header;
    private final String path;
    private Object fileKey;
    private boolean lazy;

    /**
     * @param segment index of its segment in the image's layout
     * @param ordinal its position among the entries of that segment (trailers count)
     * @param archive index of its archive within the segment (hard links are scoped to it)
     * @param header the entry as read, with its exact header bytes
     * @param path its normalized absolute path in the edit view, or null for an entry that the view
     *     cannot show (a trailer, a name with ".." components) and that is always written back as it was
     */
    SourceEntry(int segment, int ordinal, int archive, CpioEntry header, String path) {
        this.segment = segment;
        this.ordinal = ordinal;
        this.archive = archive;
        this.header = header;
        this.path = path;
    }

    int segment() {
        return segment;
    }

    int ordinal() {
        return ordinal;
    }

    int archive() {
        return archive;
    }

    CpioEntry header() {
        return header;
    }

    String path() {
        return path;
    }

    /** jimfs's key of the file it became, or null (not shown, or not in the view's file system yet). */
    Object fileKey() {
        return fileKey;
    }

    void fileKey(Object key) {
        this.fileKey = key;
    }

    /** Held back from the view's file system: the view has not needed it yet. */
    boolean isLazy() {
        return lazy;
    }

    void lazy(boolean lazy) {
        this.lazy = lazy;
    }

    @Override
    public String toString() {
        return "SourceEntry[" + segment + ":" + ordinal + " " + (path != null ? path : header.name()) + "]";
    }
}
