package dev.remaster.spec;

import dev.remaster.cpio.Owner;

/**
 * How {@link TreeArchiver} turns a directory tree into entries.
 *
 * @param includeRoot whether the tree's root is written first as an entry named {@code .}, as
 *     {@code find . | cpio -o} does (on by default): it carries the root directory's mode and owner
 * @param owner the owner of every entry, or {@code null} for each file's own (GNU cpio's
 *     {@code --owner})
 * @param mtimeClamp a time in seconds since the epoch (SOURCE_DATE_EPOCH): any later mtime is
 *     written as this one; or {@code null} to write every mtime as found
 * @param renumberInodes whether inode numbers are renumbered 1, 2, 3... in the order written (the
 *     names of one hard-linked file share one) with device 0:0, so that the archive does not depend
 *     on where the tree lies; otherwise each entry has its file's own inode and device numbers
 */
public record TreeOptions(boolean includeRoot, Owner owner, Long mtimeClamp, boolean renumberInodes) {
    /**
     * Checks the components.
     *
     * @param includeRoot whether the tree's root is written first as an entry named {@code .}, as
     *     {@code find . | cpio -o} does (on by default): it carries the root directory's mode and owner
     * @param owner the owner of every entry, or {@code null} for each file's own (GNU cpio's
     *     {@code --owner})
     * @param mtimeClamp a time in seconds since the epoch (SOURCE_DATE_EPOCH): any later mtime is
     *     written as this one; or {@code null} to write every mtime as found
     * @param renumberInodes whether inode numbers are renumbered 1, 2, 3... in the order written (the
     *     names of one hard-linked file share one) with device 0:0, so that the archive does not depend
     *     on where the tree lies; otherwise each entry has its file's own inode and device numbers
     * @throws IllegalArgumentException if a component is out of range
     */
    public TreeOptions {
        if (mtimeClamp != null && mtimeClamp < 0) {
            throw new IllegalArgumentException("mtimeClamp (" + mtimeClamp + ") may not be negative");
        }
    }

    /**
     * Root entry included, owners, mtimes and inode numbers as found on disk.
     *
     * @return root entry included, owners, mtimes and inode numbers as found on disk
     */
    public static TreeOptions defaults() {
        return new TreeOptions(true, null, null, false);
    }

    /**
     * These options with {@code includeRoot}.
     *
     * @param includeRoot whether the tree's own directory is written as {@code .}
     * @return these options with {@code includeRoot}
     */
    public TreeOptions withIncludeRoot(boolean includeRoot) {
        return new TreeOptions(includeRoot, owner, mtimeClamp, renumberInodes);
    }

    /**
     * These options with {@code owner} ({@code null} for each file's own).
     *
     * @param owner the owner
     * @return these options with {@code owner} ({@code null} for each file's own)
     */
    public TreeOptions withOwner(Owner owner) {
        return new TreeOptions(includeRoot, owner, mtimeClamp, renumberInodes);
    }

    /**
     * These options with {@code mtimeClamp} ({@code null} for none).
     *
     * @param mtimeClamp the latest mtime written, seconds since the epoch; later ones are lowered to it
     * @return these options with {@code mtimeClamp} ({@code null} for none)
     */
    public TreeOptions withMtimeClamp(Long mtimeClamp) {
        return new TreeOptions(includeRoot, owner, mtimeClamp, renumberInodes);
    }

    /**
     * These options with {@code renumberInodes}.
     *
     * @param renumberInodes whether inode numbers are given in order from 1 (hard links share one)
     *     instead of the file system's
     * @return these options with {@code renumberInodes}
     */
    public TreeOptions withRenumberInodes(boolean renumberInodes) {
        return new TreeOptions(includeRoot, owner, mtimeClamp, renumberInodes);
    }
}
