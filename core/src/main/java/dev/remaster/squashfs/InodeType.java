package dev.remaster.squashfs;

/** The kinds of squashfs inodes, each with its basic and extended type number. */
public enum InodeType {
    /** A directory. */
    DIRECTORY(1, 0040000),
    /** A regular file. */
    FILE(2, 0100000),
    /** A symbolic link. */
    SYMLINK(3, 0120000),
    /** A block device. */
    BLOCK_DEVICE(4, 0060000),
    /** A character device. */
    CHAR_DEVICE(5, 0020000),
    /** A named pipe. */
    FIFO(6, 0010000),
    /** A Unix socket. */
    SOCKET(7, 0140000);

    private final int basic;
    private final int modeBits;

    InodeType(int basic, int modeBits) {
        this.basic = basic;
        this.modeBits = modeBits;
    }

    /**
     * The basic type number; the extended one is this plus 7.
     *
     * @return the basic type number; the extended one is this plus 7
     */
    public int basicNumber() {
        return basic;
    }

    /**
     * The {@code S_IFMT} bits of this type.
     *
     * @return the {@code S_IFMT} bits of this type
     */
    public int modeBits() {
        return modeBits;
    }

    /** The type of basic or extended type number {@code n}, or {@code null}. */
    static InodeType ofNumber(int n) {
        if (n >= 1 && n <= 14) {
            return values()[(n - 1) % 7];
        }
        return null;
    }
}
