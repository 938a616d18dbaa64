package dev.remaster.compress.gzip;

import java.io.IOException;
import java.io.OutputStream;

/** The gzip member header and trailer (RFC 1952): the constants a reader needs, and the header Remaster writes. */
public final class GzipFormat {
    /** The first magic byte. */
    public static final int ID1 = 0x1F;
    /** The second magic byte. */
    public static final int ID2 = 0x8B;
    /** The magic of gzip before version 0.5, which gzip still reads. */
    public static final int ID2_OLD = 0x9E;
    /** The compression method: deflate. */
    public static final int CM_DEFLATE = 8;
    /** Flag: the data is probably text. */
    public static final int FTEXT = 0x01;
    /** Flag: a CRC16 of the header follows it. */
    public static final int FHCRC = 0x02;
    /** Flag: an extra field is present. */
    public static final int FEXTRA = 0x04;
    /** Flag: a NUL-terminated file name is present. */
    public static final int FNAME = 0x08;
    /** Flag: a NUL-terminated comment is present. */
    public static final int FCOMMENT = 0x10;
    /** The reserved flag bits, which must be zero. */
    public static final int FRESERVED = 0xE0;
    /** The operating system byte for Unix. */
    public static final int OS_UNIX = 3;

    private GzipFormat() {
    }

    /**
     * The 10-byte header: no flags (the kernel's gunzip skips only a file name, and a comment,
     * extra field or header CRC makes it fail), mtime 0 so that output is reproducible, XFL as gzip
     * sets it for the level (2 slowest, 4 fastest), OS 3 (Unix).
     */
    static byte[] header(int level) {
        int xfl = level >= 9 ? 2 : level == 1 ? 4 : 0;
        return new byte[] {(byte) ID1, (byte) ID2, CM_DEFLATE, 0, 0, 0, 0, 0, (byte) xfl, OS_UNIX};
    }

    /** The 8-byte trailer: CRC32 and size modulo 2^32 of the uncompressed data, little-endian. */
    static void writeTrailer(OutputStream out, long crc, long size) throws IOException {
        byte[] t = new byte[8];
        putIntLE(t, 0, (int) crc);
        putIntLE(t, 4, (int) size);
        out.write(t);
    }

    /** Stores {@code v} at {@code b[off]} little-endian, as gzip stores its numbers. */
    public static void putIntLE(byte[] b, int off, int v) {
        b[off] = (byte) v;
        b[off + 1] = (byte) (v >>> 8);
        b[off + 2] = (byte) (v >>> 16);
        b[off + 3] = (byte) (v >>> 24);
    }
}
