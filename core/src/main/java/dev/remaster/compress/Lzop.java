package dev.remaster.compress;

/** Constants of the lzop file format (lzop 1.04's {@code conf.h} and {@code lzop.c}, as documented). */
final class Lzop {
    static final byte[] MAGIC = {(byte) 0x89, 'L', 'Z', 'O', 0x00, 0x0D, 0x0A, 0x1A, 0x0A};

    static final int F_ADLER32_D = 0x0001;
    static final int F_ADLER32_C = 0x0002;
    static final int F_H_EXTRA_FIELD = 0x0040;
    static final int F_CRC32_D = 0x0100;
    static final int F_CRC32_C = 0x0200;
    static final int F_H_FILTER = 0x0800;
    static final int F_H_CRC32 = 0x1000;
    static final int F_OS_UNIX = 0x03000000;

    static final int M_LZO1X_1 = 1;
    static final int M_LZO1X_1_15 = 2;
    static final int M_LZO1X_999 = 3;

    /** The version from which the header has the "version needed", level and mtime-high fields. */
    static final int VERSION_0940 = 0x0940;
    /** What Remaster writes: lzop 1.04, LZO 2.10. */
    static final int VERSION = 0x1040;
    static final int LIB_VERSION = 0x20A0;

    /** The block size Remaster writes, as lzop does; the kernel's unlzo accepts no more. */
    static final int BLOCK_SIZE = 256 * 1024;
    /** The largest block lzop itself reads (its MAX_BLOCK_SIZE); larger sizes are corrupt. */
    static final int MAX_BLOCK_SIZE = 64 << 20;

    private Lzop() {
    }
}
