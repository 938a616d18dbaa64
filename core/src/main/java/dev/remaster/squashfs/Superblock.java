package dev.remaster.squashfs;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 96-byte squashfs 4.0 superblock at the start of an image (all fields little-endian).
 *
 * @param inodeCount number of inodes
 * @param modificationTime the image's time, seconds since the epoch
 * @param blockSize data block size, a power of two from 4 KiB to 1 MiB
 * @param fragmentCount number of fragment blocks
 * @param compressor the compressor of every block
 * @param blockLog log2 of {@code blockSize}
 * @param flags the superblock flags ({@code FLAG_*})
 * @param idCount number of entries in the uid/gid table
 * @param rootInode reference of the root directory's inode (block start shifted left 16, or'ed with the offset)
 * @param bytesUsed the image's length in bytes (without padding)
 * @param idTableStart start of the id table's index
 * @param xattrIdTableStart start of the xattr id table, or {@link #ABSENT}
 * @param inodeTableStart start of the inode table
 * @param directoryTableStart start of the directory table
 * @param fragmentTableStart start of the fragment table's index, or {@link #ABSENT}
 * @param exportTableStart start of the export table's index, or {@link #ABSENT}
 */
public record Superblock(
        long inodeCount, long modificationTime, int blockSize, long fragmentCount, Compressor compressor,
        int blockLog, int flags, int idCount, long rootInode, long bytesUsed, long idTableStart,
        long xattrIdTableStart, long inodeTableStart, long directoryTableStart, long fragmentTableStart,
        long exportTableStart) {

    /** Length of the superblock in bytes. */
    public static final int SIZE = 96;
    /** "hsqs": the magic number read as a little-endian 32-bit value. */
    public static final int MAGIC = 0x73717368;
    /** The value of a table start whose table is absent. */
    public static final long ABSENT = -1L;
    /** Inode table not compressed. */
    public static final int FLAG_UNCOMPRESSED_INODES = 0x0001;
    /** Data blocks not compressed. */
    public static final int FLAG_UNCOMPRESSED_DATA = 0x0002;
    /** Fragment blocks not compressed. */
    public static final int FLAG_UNCOMPRESSED_FRAGMENTS = 0x0008;
    /** No fragments: tails are stored as short blocks. */
    public static final int FLAG_NO_FRAGMENTS = 0x0010;
    /** Whole files smaller than a block and tails always go to fragments. */
    public static final int FLAG_ALWAYS_FRAGMENTS = 0x0020;
    /** Duplicate files were merged. */
    public static final int FLAG_DUPLICATES = 0x0040;
    /** An export table is present. */
    public static final int FLAG_EXPORTABLE = 0x0080;
    /** Xattr table not compressed. */
    public static final int FLAG_UNCOMPRESSED_XATTRS = 0x0100;
    /** No xattrs stored. */
    public static final int FLAG_NO_XATTRS = 0x0200;
    /** A compressor options metadata block follows the superblock. */
    public static final int FLAG_COMPRESSOR_OPTIONS = 0x0400;
    /** Id table not compressed. */
    public static final int FLAG_UNCOMPRESSED_IDS = 0x0800;

    /**
     * Parses and checks a superblock.
     *
     * @param b the first 96 bytes of the image
     * @param source the image's name for messages, or {@code null}
     * @param imageSize the image's length in bytes
     * @throws SquashfsFormatException when it is not a squashfs 4.0 superblock this reader supports
     * @return the superblock
     */
    public static Superblock parse(byte[] b, String source, long imageSize) throws SquashfsFormatException {
        if (b.length < SIZE) {
            throw new SquashfsFormatException(source, 0, null, "image of " + b.length + " bytes is shorter than a squashfs superblock (96 bytes)");
        }
        ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
        int magic = bb.getInt(0);
        if (magic != MAGIC) {
            throw new SquashfsFormatException(source, 0, null, String.format("bad magic 0x%08x, not a little-endian squashfs image", magic));
        }
        int major = bb.getShort(28) & 0xffff;
        int minor = bb.getShort(30) & 0xffff;
        if (major != 4 || minor != 0) {
            throw new SquashfsFormatException(source, 28, null, "squashfs version " + major + "." + minor + " is not supported (only 4.0)");
        }
        int blockSize = bb.getInt(12);
        int blockLog = bb.getShort(22) & 0xffff;
        if (blockSize < 4096 || blockSize > 1 << 20 || Integer.bitCount(blockSize) != 1 || 1 << blockLog != blockSize) {
            throw new SquashfsFormatException(source, 12, null, "block size " + Integer.toUnsignedString(blockSize) + " with block_log " + blockLog + " is invalid");
        }
        int compId = bb.getShort(20) & 0xffff;
        Compressor compressor = Compressor.ofId(compId);
        if (compressor == null) {
            throw new SquashfsFormatException(source, 20, null, "unknown compressor id " + compId);
        }
        Superblock s = new Superblock(
                bb.getInt(4) & 0xffffffffL, bb.getInt(8) & 0xffffffffL, blockSize, bb.getInt(16) & 0xffffffffL,
                compressor, blockLog, bb.getShort(24) & 0xffff, bb.getShort(26) & 0xffff, bb.getLong(32),
                bb.getLong(40), bb.getLong(48), bb.getLong(56), bb.getLong(64), bb.getLong(72), bb.getLong(80),
                bb.getLong(88));
        if (s.bytesUsed < SIZE || Long.compareUnsigned(s.bytesUsed, imageSize) > 0) {
            throw new SquashfsFormatException(source, 40, null, "bytes_used " + Long.toUnsignedString(s.bytesUsed) + " is past the image's " + imageSize + " bytes (truncated image?)");
        }
        check(source, 48, "id_table_start", s.idTableStart, s.bytesUsed, false);
        check(source, 56, "xattr_id_table_start", s.xattrIdTableStart, s.bytesUsed, true);
        check(source, 64, "inode_table_start", s.inodeTableStart, s.bytesUsed, false);
        check(source, 72, "directory_table_start", s.directoryTableStart, s.bytesUsed, false);
        check(source, 80, "fragment_table_start", s.fragmentTableStart, s.bytesUsed, true);
        check(source, 88, "export_table_start", s.exportTableStart, s.bytesUsed, true);
        if (s.inodeTableStart > s.directoryTableStart) {
            throw new SquashfsFormatException(source, 64, null, "inode table starts after the directory table");
        }
        return s;
    }

    private static void check(String source, long at, String field, long value, long bytesUsed, boolean mayBeAbsent)
            throws SquashfsFormatException {
        if (mayBeAbsent && value == ABSENT) {
            return;
        }
        if (value < SIZE || value >= bytesUsed) {
            throw new SquashfsFormatException(source, at, null, field + " " + Long.toUnsignedString(value) + " is outside the image's " + bytesUsed + " bytes");
        }
    }

    /**
     * Whether the given flag ({@code FLAG_*}) is set.
     *
     * @param flag the flag
     * @return whether the given flag ({@code FLAG_*}) is set
     */
    public boolean has(int flag) {
        return (flags & flag) != 0;
    }
}
