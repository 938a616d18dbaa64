package dev.remaster.extract;

import java.util.List;

/**
 * What an extraction did: how many entries of each kind it created, the bytes of file data it
 * wrote, every entry it refused or skipped with the reason, every entry it extracted with an
 * adjustment (such as a stripped absolute name), and a few summary lines for people.
 *
 * <p>Owners, device nodes, FIFOs, sockets and setuid/setgid/sticky bits that were not restored
 * (not asked for, or not running as root) are not listed entry by entry: they are counted in one
 * summary line, such as {@code skipped 12 device nodes and owners of 300 entries: not running as root}.
 *
 * <p>At most {@link #MAX_LISTED} entries are kept in each of {@link #skipped()} and
 * {@link #notes()}, so that a hostile archive cannot fill memory with reasons;
 * {@link #skippedCount()} and {@link #notesCount()} count them all.
 *
 * @param files regular files created (the first name of each hard link group among them)
 * @param directories directory entries extracted (created or merged into an existing directory)
 * @param symlinks symbolic links created
 * @param hardLinks further names linked to a file of this run (each link after a group's first)
 * @param devices character and block device nodes created
 * @param fifos named pipes created
 * @param sockets Unix domain socket files created
 * @param bytesWritten bytes of regular file data written, counted against
 *     {@link dev.remaster.cpio.Limits#maxTotalBytes()}
 * @param notSelected entries left out by the {@link PathFilter}
 * @param skipped entries that wrote nothing, each with its name, header offset and reason (the
 *     first {@link #MAX_LISTED})
 * @param skippedCount all entries skipped with a reason
 * @param notes entries extracted with an adjustment or a part not applied (the first
 *     {@link #MAX_LISTED})
 * @param notesCount all notes
 * @param summary lines for people: what was extracted, what was withheld for lack of privilege,
 *     and how many entries were skipped
 */
public record ExtractReport(
        long files,
        long directories,
        long symlinks,
        long hardLinks,
        long devices,
        long fifos,
        long sockets,
        long bytesWritten,
        long notSelected,
        List<Note> skipped,
        long skippedCount,
        List<Note> notes,
        long notesCount,
        List<String> summary) {

    /** The most entries kept in {@link #skipped()} and in {@link #notes()}. */
    public static final int MAX_LISTED = 1000;

    /**
     * Keeps unmodifiable copies of the lists.
     *
     * @param files regular files created (the first name of each hard link group among them)
     * @param directories directory entries extracted (created or merged into an existing directory)
     * @param symlinks symbolic links created
     * @param hardLinks further names linked to a file of this run (each link after a group's first)
     * @param devices character and block device nodes created
     * @param fifos named pipes created
     * @param sockets Unix domain socket files created
     * @param bytesWritten bytes of regular file data written, counted against
     *     {@link dev.remaster.cpio.Limits#maxTotalBytes()}
     * @param notSelected entries left out by the {@link PathFilter}
     * @param skipped entries that wrote nothing, each with its name, header offset and reason (the
     *     first {@link #MAX_LISTED})
     * @param skippedCount all entries skipped with a reason
     * @param notes entries extracted with an adjustment or a part not applied (the first
     *     {@link #MAX_LISTED})
     * @param notesCount all notes
     * @param summary lines for people: what was extracted, what was withheld for lack of privilege,
     *     and how many entries were skipped
     */
    public ExtractReport {
        skipped = List.copyOf(skipped);
        notes = List.copyOf(notes);
        summary = List.copyOf(summary);
    }

    /**
     * Every entry extracted, of any kind.
     *
     * @return every entry extracted, of any kind
     */
    public long extracted() {
        return files + directories + symlinks + hardLinks + devices + fifos + sockets;
    }

    /**
     * One entry and what happened to it.
     *
     * @param name the entry's name as stored in the archive
     * @param headerOffset where its header starts in the archive, or -1 when unknown
     * @param reason what was refused, skipped or adjusted, and why
     */
    public record Note(String name, long headerOffset, String reason) {
        @Override
        public String toString() {
            return ExtractException.format(name, headerOffset, reason);
        }
    }
}
