package dev.remaster.spec;

/**
 * How {@link SpecArchiver} fills the header fields that a file list does not give.
 *
 * @param mtime the modification time of every entry, files included, in seconds since the epoch (as
 *     the current gen_init_cpio's {@code -t}, and like SOURCE_DATE_EPOCH; older versions left
 *     files their own mtime under {@code -t}); or {@code null}: then each {@code file} gets its
 *     location's mtime (clipped to 0..2<sup>32</sup>-1 as gen_init_cpio clips it) and every other
 *     entry 0. gen_init_cpio uses the current time there; nothing here reads the clock.
 * @param firstInode the inode number of the first entry; each entry takes the next one, and the
 *     names of one {@code file} line share theirs. gen_init_cpio starts at 721.
 */
public record SpecArchiveOptions(Long mtime, long firstInode) {
    /** The inode number gen_init_cpio gives its first entry. */
    public static final long GEN_INIT_CPIO_FIRST_INODE = 721;

    /**
     * Checks the components.
     *
     * @param mtime the modification time of every entry, files included, in seconds since the epoch (as
     *     the current gen_init_cpio's {@code -t}, and like SOURCE_DATE_EPOCH; older versions left
     *     files their own mtime under {@code -t}); or {@code null}: then each {@code file} gets its
     *     location's mtime (clipped to 0..2<sup>32</sup>-1 as gen_init_cpio clips it) and every other
     *     entry 0. gen_init_cpio uses the current time there; nothing here reads the clock.
     * @param firstInode the inode number of the first entry; each entry takes the next one, and the
     *     names of one {@code file} line share theirs. gen_init_cpio starts at 721.
     */
    public SpecArchiveOptions {
        if (mtime != null) {
            SpecSyntax.requireU32("mtime", mtime);
        }
        SpecSyntax.requireU32("firstInode", firstInode);
    }

    /**
     * Each file's own mtime, 0 for the other entries, inodes from 721.
     *
     * @return each file's own mtime, 0 for the other entries, inodes from 721
     */
    public static SpecArchiveOptions defaults() {
        return new SpecArchiveOptions(null, GEN_INIT_CPIO_FIRST_INODE);
    }

    /**
     * These options with {@code mtime} ({@code null} for each file's own).
     *
     * @param mtime the modification time, seconds since the epoch
     * @return these options with {@code mtime} ({@code null} for each file's own)
     */
    public SpecArchiveOptions withMtime(Long mtime) {
        return new SpecArchiveOptions(mtime, firstInode);
    }

    /**
     * These options with {@code firstInode}.
     *
     * @param firstInode the first inode
     * @return these options with {@code firstInode}
     */
    public SpecArchiveOptions withFirstInode(long firstInode) {
        return new SpecArchiveOptions(mtime, firstInode);
    }
}
