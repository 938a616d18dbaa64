package dev.remaster.cpio;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import java.util.zip.CRC32C;

/**
 * A newc archive of a little over 1 GiB made up as it is read, holding nothing but one 64 KiB
 * pattern: 7 files of 128 MiB (each larger than the probe's whole heap), 64 of 2 MiB and 20,000
 * small ones, then a trailer. Headers are formatted here, independently of {@link HeaderCodec}.
 */
final class SyntheticNewcArchive extends InputStream {
    static final int LARGE = 7;
    static final long LARGE_SIZE = 128L << 20;
    static final int MEDIUM = 64;
    static final long MEDIUM_SIZE = 2L << 20;
    static final int SMALL = 20_000;
    static final int FILES = LARGE + MEDIUM + SMALL;

    private static final byte[] PATTERN = new byte[1 << 16];

    static {
        new SplittableRandom(20240102).nextBytes(PATTERN);
    }

    private int file;            // the file whose header or data is being produced; FILES = trailer
    private byte[] header = header(0);
    private int headerAt;
    private long dataAt;
    private boolean done;

    static long sizeOf(int file) {
        if (file < LARGE) {
            return LARGE_SIZE;
        }
        if (file < LARGE + MEDIUM) {
            return MEDIUM_SIZE;
        }
        return file % 61;
    }

    static String nameOf(int file) {
        return String.format("f%06d", file);
    }

    static long totalDataBytes() {
        long total = 0;
        for (int f = 0; f < FILES; f++) {
            total += sizeOf(f);
        }
        return total;
    }

    /** File {@code file}'s bytes from {@code offset}: the pattern, shifted per file and per 64 KiB. */
    static void fill(int file, long offset, byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
            long o = offset + i;
            b[off + i] = (byte) (PATTERN[(int) ((o + file * 4099L) & 0xFFFF)] ^ (o >>> 16) ^ file);
        }
    }

    /** The CRC-32C of every file's data in order, computed without any archive. */
    static long expectedDataCrc() {
        CRC32C crc = new CRC32C();
        byte[] buf = new byte[1 << 16];
        for (int f = 0; f < FILES; f++) {
            long size = sizeOf(f);
            for (long at = 0; at < size; at += buf.length) {
                int n = (int) Math.min(buf.length, size - at);
                fill(f, at, buf, 0, n);
                crc.update(buf, 0, n);
            }
        }
        return crc.getValue();
    }

    private static byte[] header(int file) {
        boolean trailer = file == FILES;
        String name = trailer ? "TRAILER!!!" : nameOf(file);
        long size = trailer ? 0 : sizeOf(file);
        String h = String.format("070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
                trailer ? 0 : file + 1, trailer ? 0 : 0100644, 0, 0, 1, 1_700_000_000L + file, size,
                0, 0, 0, 0, name.length() + 1, 0) + name + "\0";
        int padded = (h.length() + 3) & ~3;
        byte[] b = new byte[padded];
        byte[] ascii = h.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(ascii, 0, b, 0, ascii.length);
        return b;
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        if (done) {
            return -1;
        }
        if (headerAt < header.length) {
            int n = Math.min(len, header.length - headerAt);
            System.arraycopy(header, headerAt, b, off, n);
            headerAt += n;
            if (headerAt == header.length && file == FILES) {
                done = true;
            }
            return n;
        }
        long size = sizeOf(file);
        long padded = (size + 3) & ~3L;
        if (dataAt < padded) {
            int n = (int) Math.min(len, padded - dataAt);
            int data = (int) Math.max(0, Math.min(n, size - dataAt));
            fill(file, dataAt, b, off, data);
            for (int i = data; i < n; i++) {
                b[off + i] = 0;
            }
            dataAt += n;
            return n;
        }
        file++;
        header = header(file);
        headerAt = 0;
        dataAt = 0;
        return read(b, off, len);
    }
}
