package dev.remaster.kernel;

import dev.remaster.internal.ChannelInput;
import dev.remaster.compress.Compression;
import dev.remaster.image.Member;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the header of each compressed member (a few bytes at its start, and the block headers of
 * an lzop file) and reports what the kernel's decompressors (lib/decompress_*.c) refuse or
 * misread, although the general-purpose decoders accept it.
 */
final class MemberHeaderCheck {
    /** Dictionaries and windows above this are reported: the kernel allocates them whole at boot. */
    static final long LARGE_DICTIONARY = 8L << 20;
    /** The largest zstd window kernels before 5.16 accept ("too large a window size"). */
    static final long OLD_ZSTD_WINDOW_MAX = 1L << 27;
    /** The block size of the kernel's unlzo: larger blocks fail. */
    static final int LZO_BLOCK_SIZE = 256 * 1024;

    private static final int GZIP_FHCRC = 0x02;
    private static final int GZIP_FEXTRA = 0x04;
    private static final int GZIP_FCOMMENT = 0x10;
    private static final int XZ_FILTER_DELTA = 0x03;
    private static final int XZ_FILTER_LZMA2 = 0x21;
    private static final int LZOP_ADLER32_D = 0x0001;
    private static final int LZOP_ADLER32_C = 0x0002;
    private static final int LZOP_EXTRA_FIELD = 0x0040;
    private static final int LZOP_CRC32_D = 0x0100;
    private static final int LZOP_CRC32_C = 0x0200;
    private static final int LZOP_FILTER = 0x0800;

    private final FileChannel channel;
    private final Findings findings;

    MemberHeaderCheck(FileChannel channel, Findings findings) {
        this.channel = channel;
        this.findings = findings;
    }

    /** Checks the member {@code m} of a segment compressed with {@code c}. */
    void check(Compression c, Member m, int segment) throws IOException {
        switch (c) {
            case GZIP -> gzip(m, segment);
            case XZ -> xz(m, segment);
            case LZMA -> lzma(m, segment);
            case ZSTD -> zstd(m, segment);
            case LZO -> lzop(m, segment);
            default -> {
                // bzip2 and lz4 legacy headers hold nothing the kernel treats differently.
            }
        }
    }

    private void gzip(Member m, int segment) throws IOException {
        byte[] h = read(m.offset(), 10, m.end());
        if (h.length < 10) {
            return;
        }
        if ((h[1] & 0xFF) == 0x9E) {
            findings.segment(Severity.ERROR, LintCode.GZIP_OLD_MAGIC, segment, m.offset(),
                    "gzip member with the magic of gzip before 0.5 (1f 9e): the kernel's gunzip wants 1f 8b 08, "
                            + "reports \"Not a gzip file\" and unpacking stops");
        }
        int flags = h[3] & 0xFF;
        List<String> fields = new ArrayList<>();
        if ((flags & GZIP_FEXTRA) != 0) {
            fields.add("an extra field (FEXTRA)");
        }
        if ((flags & GZIP_FCOMMENT) != 0) {
            fields.add("a comment (FCOMMENT)");
        }
        if ((flags & GZIP_FHCRC) != 0) {
            fields.add("a header CRC (FHCRC)");
        }
        if (!fields.isEmpty()) {
            findings.segment(Severity.ERROR, LintCode.GZIP_HEADER_FLAGS, segment, m.offset(),
                    "gzip header with " + String.join(", ", fields) + ": the kernel's gunzip skips only a file "
                            + "name, inflates the header bytes as data and fails; unpacking stops");
        }
    }

    private void xz(Member m, int segment) throws IOException {
        byte[] h = read(m.offset(), 12 + 1024, m.end());
        if (h.length < 12) {
            return;
        }
        int check = h[7] & 0x0F;
        if (check != 0x00 && check != 0x01) {
            findings.segment(Severity.ERROR, LintCode.XZ_CHECK, segment, m.offset(),
                    "xz stream with integrity check " + xzCheckName(check) + ": the kernel's xz decoder accepts "
                            + "only CRC32 or none (xz --check=crc32) and unpacking stops");
        }
        if (h.length < 14 || h[12] == 0) {
            return; // no block: the index follows at once
        }
        int headerEnd = Math.min(h.length, 12 + ((h[12] & 0xFF) + 1) * 4);
        int flags = h[13] & 0xFF;
        int filters = (flags & 0x03) + 1;
        int[] at = {14};
        if ((flags & 0x40) != 0) {
            vli(h, at, headerEnd); // compressed size
        }
        if ((flags & 0x80) != 0) {
            vli(h, at, headerEnd); // uncompressed size
        }
        for (int i = 0; i < filters; i++) {
            long id = vli(h, at, headerEnd);
            long propsSize = vli(h, at, headerEnd);
            if (id < 0 || propsSize < 0 || at[0] + propsSize > headerEnd) {
                return; // a malformed block header is the decoder's to report
            }
            if (id == XZ_FILTER_LZMA2 && propsSize >= 1) {
                long dict = lzma2Dictionary(h[at[0]] & 0xFF);
                if (dict > LARGE_DICTIONARY) {
                    findings.segment(Severity.WARNING, LintCode.LARGE_DICTIONARY, segment, m.offset(),
                            "xz dictionary of " + mib(dict) + ": the kernel allocates it whole while unpacking; "
                                    + "machines with little memory may fail (the kernel's own build uses "
                                    + "xz --lzma2=dict=1MiB)");
                }
            } else if (id >= 0x04 && id <= 0x0B) {
                findings.segment(Severity.INFO, LintCode.XZ_FILTER, segment, m.offset(),
                        "xz stream with a BCJ filter (ID 0x" + Long.toHexString(id) + "): the kernel decodes it only "
                                + "when built with that filter (CONFIG_XZ_DEC_BCJ and the architecture's option)");
            } else if (id != XZ_FILTER_LZMA2) {
                findings.segment(Severity.ERROR, LintCode.XZ_FILTER, segment, m.offset(),
                        "xz stream with " + (id == XZ_FILTER_DELTA ? "the delta filter" : "filter ID 0x" + Long.toHexString(id))
                                + ": the kernel's xz decoder knows only LZMA2 and the BCJ filters; unpacking stops");
            }
            at[0] += (int) propsSize;
        }
    }

    private void lzma(Member m, int segment) throws IOException {
        byte[] h = read(m.offset(), 5, m.end());
        if (h.length < 5) {
            return;
        }
        long dict = (h[1] & 0xFFL) | (h[2] & 0xFFL) << 8 | (h[3] & 0xFFL) << 16 | (h[4] & 0xFFL) << 24;
        if (dict > LARGE_DICTIONARY) {
            findings.segment(Severity.WARNING, LintCode.LARGE_DICTIONARY, segment, m.offset(),
                    "lzma dictionary of " + mib(dict) + ": the kernel's unlzma allocates it whole while unpacking; "
                            + "machines with little memory may fail");
        }
    }

    private void zstd(Member m, int segment) throws IOException {
        byte[] h = read(m.offset(), 18, m.end());
        if (h.length < 6) {
            return;
        }
        int descriptor = h[4] & 0xFF;
        boolean singleSegment = (descriptor & 0x20) != 0;
        int at = 5;
        long window = -1;
        if (!singleSegment) {
            int wd = h[at++] & 0xFF;
            long base = 1L << (10 + (wd >>> 3));
            window = base + (base >>> 3) * (wd & 0x07);
        }
        int dictIdSize = new int[] {0, 1, 2, 4}[descriptor & 0x03];
        long dictId = littleEndian(h, at, dictIdSize);
        at += dictIdSize;
        if (dictId > 0) {
            findings.segment(Severity.ERROR, LintCode.ZSTD_DICTIONARY, segment, m.offset(),
                    "zstd frame compressed with dictionary " + dictId + ": the kernel has no dictionary and "
                            + "unpacking stops");
        }
        int fcsFlag = descriptor >>> 6;
        int fcsSize = new int[] {singleSegment ? 1 : 0, 2, 4, 8}[fcsFlag];
        if (singleSegment && at + fcsSize <= h.length) {
            window = littleEndian(h, at, fcsSize) + (fcsSize == 2 ? 256 : 0);
        }
        if (window > OLD_ZSTD_WINDOW_MAX) {
            findings.segment(Severity.WARNING, LintCode.LARGE_DICTIONARY, segment, m.offset(),
                    "zstd window of " + mib(window) + ": kernels before 5.16 refuse windows over 128 MiB (\"too "
                            + "large a window size\"), newer ones allocate it whole while unpacking");
        } else if (window > LARGE_DICTIONARY) {
            findings.segment(Severity.WARNING, LintCode.LARGE_DICTIONARY, segment, m.offset(),
                    "zstd window of " + mib(window) + ": the kernel allocates it whole while unpacking; machines "
                            + "with little memory may fail (zstd up to level 19 without --long uses at most 8 MiB)");
        }
    }

    private void lzop(Member m, int segment) throws IOException {
        byte[] h = read(m.offset(), 9 + 7 + 1 + 8 + 8 + 4 + 1 + 255 + 4, m.end());
        if (h.length < 9 + 7 + 4) {
            return;
        }
        int version = (h[9] & 0xFF) << 8 | (h[10] & 0xFF);
        int at = 9 + 6 + 1 + (version >= 0x0940 ? 1 : 0);
        if (version < 0x0940) {
            at -= 2; // no "version needed" field
        }
        int flags = (int) bigEndian(h, at, 4);
        at += 4;
        List<String> problems = new ArrayList<>();
        if ((flags & LZOP_FILTER) != 0) {
            problems.add("a filter, which the kernel does not undo");
            at += 4;
        }
        at += 8 + (version >= 0x0940 ? 4 : 0);
        if (at >= h.length) {
            return;
        }
        int nameLength = h[at] & 0xFF;
        long blocks = m.offset() + at + 1 + nameLength + 4;
        if ((flags & LZOP_EXTRA_FIELD) != 0) {
            problems.add("an extra header field, which the kernel does not skip");
        }
        int dataSums = Integer.bitCount(flags & (LZOP_ADLER32_D | LZOP_CRC32_D));
        int compressedSums = Integer.bitCount(flags & (LZOP_ADLER32_C | LZOP_CRC32_C));
        if (problems.isEmpty()) {
            blockProblems(blocks, m.end(), dataSums, compressedSums, problems);
        }
        if (!problems.isEmpty()) {
            findings.segment(Severity.ERROR, LintCode.LZOP_UNSUPPORTED, segment, m.offset(),
                    "lzop file with " + String.join("; ", problems) + ": the kernel's unlzo misreads it and "
                            + "unpacking stops (write it with plain lzop: one Adler-32 of each block's data)");
        }
    }

    /** Walks the block headers: the kernel skips exactly 4 bytes of checksums per block and takes blocks up to 256 KiB. */
    private void blockProblems(long at, long end, int dataSums, int compressedSums, List<String> problems)
            throws IOException {
        while (at + 4 <= end) {
            byte[] b = read(at, 8, end);
            long dst = bigEndian(b, 0, 4);
            if (dst == 0 || b.length < 8) {
                return;
            }
            long src = bigEndian(b, 4, 4);
            if (dst > LZO_BLOCK_SIZE) {
                problems.add("blocks of " + dst + " bytes, over the kernel's 256 KiB");
                return;
            }
            int sums = 4 * dataSums + (src < dst ? 4 * compressedSums : 0);
            if (sums != 4) {
                problems.add(sums / 4 + " checksums in a block where the kernel skips exactly one");
                return;
            }
            at += 8 + sums + src;
        }
    }

    // ---- bytes -------------------------------------------------------------------------------

    private byte[] read(long at, int n, long end) throws IOException {
        return ChannelInput.readAt(channel, at, n, end);
    }

    /** An xz variable-length integer at {@code at[0]}, which it advances; -1 if malformed. */
    private static long vli(byte[] b, int[] at, int end) {
        long value = 0;
        for (int i = 0; i < 9; i++) {
            if (at[0] >= end) {
                return -1;
            }
            int x = b[at[0]++] & 0xFF;
            value |= (long) (x & 0x7F) << (7 * i);
            if ((x & 0x80) == 0) {
                return value;
            }
        }
        return -1;
    }

    static long lzma2Dictionary(int props) {
        int bits = props & 0x3F;
        if (bits >= 40) {
            return 0xFFFF_FFFFL;
        }
        return (2L | (bits & 1)) << (bits / 2 + 11);
    }

    private static long littleEndian(byte[] b, int at, int n) {
        long v = 0;
        for (int i = n - 1; i >= 0; i--) {
            v = v << 8 | (at + i < b.length ? b[at + i] & 0xFF : 0);
        }
        return v;
    }

    private static long bigEndian(byte[] b, int at, int n) {
        long v = 0;
        for (int i = 0; i < n; i++) {
            v = v << 8 | (at + i < b.length ? b[at + i] & 0xFF : 0);
        }
        return v;
    }

    private static String xzCheckName(int id) {
        return switch (id) {
            case 0x04 -> "CRC64";
            case 0x0A -> "SHA-256";
            default -> "ID " + id;
        };
    }

    private static String mib(long bytes) {
        return bytes % (1 << 20) == 0 ? (bytes >> 20) + " MiB" : String.format(java.util.Locale.ROOT, "%.1f MiB", bytes / 1048576.0);
    }
}
