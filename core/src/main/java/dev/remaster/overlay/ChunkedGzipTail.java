package dev.remaster.overlay;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioReader;
import dev.remaster.cpio.ReadOptions;
import dev.remaster.internal.ChannelInput;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Tells, from its last bytes alone, whether an image ends as a gzip segment that Remaster wrote
 * ends: its deflate stream closes with a full flush ({@code 00 00 ff ff}) and an empty final block
 * ({@code 03 00}), followed by the 8-byte gzip trailer and nothing but NUL padding; and its last
 * chunk (the deflate data after the flush before that one), decoded alone from an empty window,
 * ends the stream exactly there and holds whole cpio entries that end with a trailer.
 *
 * <p>That is what the kernel needs to go on to a segment appended after the image: the member
 * ends where it seems to, and the cpio state is at a trailer when it does. What comes before the
 * last chunk is not decoded: the image's earlier chunks (and segments) are taken as they are.
 *
 * <p>The last chunk starts after the flush before it, or, in a member of one chunk (a small
 * segment appended earlier), right after the member's 10-byte header.
 *
 * <p>A false flush point (the four bytes inside a stored block or coded data) decodes to garbage
 * or fails, and the search goes on to an earlier one; after {@value #MAX_TRIES} tries, or past
 * {@value #MAX_BACK} compressed bytes, the answer is no, and the caller reads the whole image.
 */
final class ChunkedGzipTail {
    /** The full flush that ends the last chunk, then the empty final block. */
    private static final byte[] END = {0, 0, (byte) 0xff, (byte) 0xff, 3, 0};
    private static final byte[] FLUSH = {0, 0, (byte) 0xff, (byte) 0xff};
    private static final int TRAILER = 8;
    /** A gzip header without optional fields, as Remaster writes it (flags 0). */
    private static final int GZIP_HEADER = 10;
    private static final int MAX_TRIES = 16;
    private static final int MAX_BACK = 64 << 20;
    private static final int MAX_OUTPUT = 256 << 20;
    private static final int TAIL_WINDOW = 64 * 1024;

    private ChunkedGzipTail() {
    }

    /** Whether the file open on {@code channel}, of {@code size} bytes, ends like that. */
    static boolean endsAtTrailer(FileChannel channel, long size) throws IOException {
        int window = (int) Math.min(size, TAIL_WINDOW);
        byte[] tail = ChannelInput.readAt(channel, size - window, window, size);
        int zeros = 0;
        while (zeros < tail.length && tail[tail.length - 1 - zeros] == 0) {
            zeros++;
        }
        // The trailer's size field may itself end in NULs: try each way of cutting the padding.
        for (int k = 0; k <= zeros; k++) {
            int at = tail.length - k - TRAILER - END.length;
            if (at >= 0 && Arrays.equals(tail, at, at + END.length, END, 0, END.length)) {
                long deflateEnd = size - k - TRAILER;
                if (lastChunkEndsAtTrailer(channel, deflateEnd)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean lastChunkEndsAtTrailer(FileChannel channel, long deflateEnd) throws IOException {
        // The flush that ends the last chunk is at deflateEnd - 6: the chunk starts after an earlier one.
        long markersEnd = deflateEnd - END.length;
        int tries = 0;
        long back = Math.min(markersEnd, 4 << 20);
        while (true) {
            long windowStart = markersEnd - back;
            byte[] bytes = ChannelInput.readAt(channel, windowStart, (int) (deflateEnd - windowStart), deflateEnd);
            for (int i = (int) (markersEnd - windowStart) - FLUSH.length; i >= 0; i--) {
                int start = -1;
                if (bytes[i] == 0 && bytes[i + 1] == 0 && bytes[i + 2] == (byte) 0xff && bytes[i + 3] == (byte) 0xff) {
                    start = i + FLUSH.length;
                } else if (bytes[i] == 0x1f && bytes[i + 1] == (byte) 0x8b && bytes[i + 2] == 8 && bytes[i + 3] == 0
                        && i + GZIP_HEADER < bytes.length) {
                    // A member of one chunk (a small appended segment) starts right after its header.
                    start = i + GZIP_HEADER;
                }
                if (start >= 0) {
                    if (decodesToTrailer(bytes, start, bytes.length)) {
                        return true;
                    }
                    if (++tries >= MAX_TRIES) {
                        return false;
                    }
                }
            }
            if (windowStart == 0 || back >= MAX_BACK) {
                return false;
            }
            // Markers starting before this window (ending up to 3 bytes into it) are next.
            markersEnd = windowStart + FLUSH.length - 1;
            back = Math.min(markersEnd, Math.min(back * 2, MAX_BACK));
        }
    }

    /** Whether {@code bytes[from, to)} is a deflate stream ending exactly at {@code to}, of cpio ending at a trailer. */
    static boolean decodesToTrailer(byte[] bytes, int from, int to) {
        Inflater inflater = new Inflater(true);
        try {
            inflater.setInput(bytes, from, to - from);
            byte[] out = new byte[Math.max(64 * 1024, (to - from) * 4)];
            int n = 0;
            while (!inflater.finished()) {
                if (n == out.length) {
                    if (out.length >= MAX_OUTPUT) {
                        return false;
                    }
                    out = Arrays.copyOf(out, (int) Math.min((long) out.length * 2, MAX_OUTPUT));
                }
                int got = inflater.inflate(out, n, out.length - n);
                if (got == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return false;
                }
                n += got;
            }
            if (inflater.getRemaining() != 0 || n == 0) {
                return false;
            }
            return cpioEndsAtTrailer(out, n);
        } catch (DataFormatException e) {
            return false;
        } finally {
            inflater.end();
        }
    }

    private static boolean cpioEndsAtTrailer(byte[] out, int n) {
        if (out[0] != '0') {
            return false; // a chunk starts at an entry's header
        }
        try (CpioReader r = CpioReader.of(new ByteArrayInputStream(out, 0, n), ReadOptions.defaults())) {
            CpioEntry last = null;
            for (CpioEntry e = r.next(); e != null; e = r.next()) {
                last = e;
            }
            return last != null && last.isTrailer() && !r.endedWithoutTrailer();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }
}
