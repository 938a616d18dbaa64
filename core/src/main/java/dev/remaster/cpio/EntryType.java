package dev.remaster.cpio;

/** The kind of file an entry describes, from the type bits ({@code S_IFMT}) of its mode. */
public enum EntryType {
    REGULAR(0100000),
    DIRECTORY(0040000),
    SYMLINK(0120000),
    CHAR_DEVICE(0020000),
    BLOCK_DEVICE(0060000),
    FIFO(0010000),
    SOCKET(0140000),
    /** Type bits that name none of the above (the trailer's mode of 0 among them). */
    UNKNOWN(0);

    /** Mask of the type bits in a mode. */
    public static final int S_IFMT = 0170000;

    private final int bits;

    EntryType(int bits) {
        this.bits = bits;
    }

    /** The type bits of this type, as they appear in a mode. */
    public int bits() {
        return bits;
    }

    /** The type named by the type bits of {@code mode}; {@link #UNKNOWN} when they name none. */
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

    /** The character {@code ls -l} shows for this type. */
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

    /** Whether entries of this type describe a device node and so carry meaningful rdev numbers. */
    public boolean isDevice() {
        return this == CHAR_DEVICE || this == BLOCK_DEVICE;
    }
}
