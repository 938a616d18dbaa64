package dev.remaster.cpio;

/** The kind of file an entry describes, from the type bits ({@code S_IFMT}) of its mode. */
public enum EntryType {
    /** A regular file: the entry carries its contents. */
    REGULAR(0100000),
    /** A directory. */
    DIRECTORY(0040000),
    /** A symbolic link: the entry's data is the link target. */
    SYMLINK(0120000),
    /** A character device node, with major and minor numbers. */
    CHAR_DEVICE(0020000),
    /** A block device node, with major and minor numbers. */
    BLOCK_DEVICE(0060000),
    /** A named pipe. */
    FIFO(0010000),
    /** A Unix domain socket. */
    SOCKET(0140000),
    /** Type bits that name none of the above (the trailer's mode of 0 among them). */
    UNKNOWN(0);

    /** Mask of the type bits in a mode. */
    public static final int S_IFMT = 0170000;

    private final int bits;

    EntryType(int bits) {
        this.bits = bits;
    }

    /**
     * The type bits of this type, as they appear in a mode.
     *
     * @return the type bits of this type, as they appear in a mode
     */
    public int bits() {
        return bits;
    }

    /**
     * The type named by the type bits of {@code mode}; {@link #UNKNOWN} when they name none.
     *
     * @param mode the mode bits (permissions with setuid, setgid and sticky; any type bits are ignored)
     * @return the type named by the type bits of {@code mode}; {@link #UNKNOWN} when they name none
     */
    public static EntryType of(long mode) {
        switch ((int) (mode & S_IFMT)) {
            case 0100000: return REGULAR;
            case 0040000: return DIRECTORY;
            case 0120000: return SYMLINK;
            case 0020000: return CHAR_DEVICE;
            case 0060000: return BLOCK_DEVICE;
            case 0010000: return FIFO;
            case 0140000: return SOCKET;
            default: return UNKNOWN;
        }
    }

    /**
     * The character {@code ls -l} shows for this type.
     *
     * @return the character {@code ls -l} shows for this type
     */
    public char symbol() {
        switch (this) {
            case REGULAR: return '-';
            case DIRECTORY: return 'd';
            case SYMLINK: return 'l';
            case CHAR_DEVICE: return 'c';
            case BLOCK_DEVICE: return 'b';
            case FIFO: return 'p';
            case SOCKET: return 's';
            default: return '?';
        }
    }

    /**
     * Whether entries of this type describe a device node and so carry meaningful rdev numbers.
     *
     * @return whether entries of this type describe a device node and so carry meaningful rdev numbers
     */
    public boolean isDevice() {
        return this == CHAR_DEVICE || this == BLOCK_DEVICE;
    }
}
