package dev.remaster.compress;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lzo.LzoDecompressor;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.zip.Adler32;
import java.util.zip.CRC32;
import java.util.zip.Checksum;

/**
 * One lzop file: the magic; the header (version, library version, version needed, method, level,
 * flags, an optional filter, mode, mtime, name, and the header checksum, Adler-32 or CRC-32 per
 * {@code F_H_CRC32}, which is verified; an optional extra field); then blocks of uncompressed size,
 * compressed size, the checksums the flags ask for, and the data, LZO1X-decompressed by
 * aircompressor's {@link LzoDecompressor} unless stored (compressed size equal to uncompressed).
 * A block with uncompressed size 0 ends the file. Every checksum present is verified; block sizes
 * above 64 MiB (lzop's own limit) are refused, which bounds memory.
 */
final class LzopDecoder extends BlockDecoder {
    private final LzoDecompressor lzo = new LzoDecompressor();
    private int flags;
    private byte[] compressed = new byte[0];
    private byte[] output = new byte[0];

    LzopDecoder(InputStream raw, String source, long memberOffset) {
        super(raw, Compression.LZO, source, memberOffset);
    }

    @Override
    void start() throws IOException {
        byte[] magic = new byte[Lzop.MAGIC.length];
        readFully(magic, 0, magic.length, "header");
        if (!Arrays.equals(magic, Lzop.MAGIC)) {
            throw corruptAt(0, "not an lzop file: wrong magic", null);
        }
        Adler32 adler = new Adler32();
        CRC32 crc = new CRC32();
        HeaderReader h = new HeaderReader(adler, crc);
        int version = h.u16();
        h.u16(); // library version
        if (version >= Lzop.VERSION_0940) {
            h.u16(); // version needed to extract
        }
        int method = h.u8();
        if (version >= Lzop.VERSION_0940) {
            h.u8(); // level
        }
        if (method != Lzop.M_LZO1X_1 && method != Lzop.M_LZO1X_1_15 && method != Lzop.M_LZO1X_999) {
            throw corrupt("method " + method + " is not one of the LZO1X methods (1, 2, 3)");
        }
        flags = (int) h.u32();
        if ((flags & Lzop.F_H_FILTER) != 0) {
            long filter = h.u32();
            if (filter != 0) {
                throw corrupt("filter " + filter + " is not supported");
            }
        }
        h.u32(); // mode
        h.u32(); // mtime, low
        if (version >= Lzop.VERSION_0940) {
            h.u32(); // mtime, high
        }
        int nameLength = h.u8();
        for (int i = 0; i < nameLength; i++) {
            h.u8();
        }
        long expected = ((flags & Lzop.F_H_CRC32) != 0 ? crc : adler).getValue();
        long stored = h.u32();
        if (stored != expected) {
            throw corrupt(String.format("header checksum is 0x%08X, the header says 0x%08X", expected, stored));
        }
        if ((flags & Lzop.F_H_EXTRA_FIELD) != 0) {
            long extraLength = h.u32();
            if (in.skip(extraLength) < extraLength) {
                throw truncated("header extra field");
            }
            h.u32(); // its checksum
        }
    }

    @Override
    boolean nextBlock() throws IOException {
        long blockStart = in.position();
        long dstLen = u32("block header");
        if (dstLen == 0) {
            return false;
        }
        if (dstLen > Lzop.MAX_BLOCK_SIZE) {
            throw corruptAt(blockStart, "block size " + dstLen + " is larger than lzop's limit of 64 MiB", null);
        }
        long srcLen = u32("block header");
        if (srcLen == 0 || srcLen > dstLen) {
            throw corruptAt(blockStart + 4, "compressed block size " + srcLen + " for " + dstLen + " bytes", null);
        }
        boolean stored = srcLen == dstLen;
        long dAdler = (flags & Lzop.F_ADLER32_D) != 0 ? u32("block header") : -1;
        long dCrc = (flags & Lzop.F_CRC32_D) != 0 ? u32("block header") : -1;
        long cAdler = (flags & Lzop.F_ADLER32_C) != 0 && !stored ? u32("block header") : -1;
        long cCrc = (flags & Lzop.F_CRC32_C) != 0 && !stored ? u32("block header") : -1;
        int src = (int) srcLen;
        int dst = (int) dstLen;
        if (compressed.length < src) {
            compressed = new byte[src];
        }
        long dataStart = in.position();
        readFully(compressed, 0, src, "block data");
        verify(new Adler32(), compressed, src, cAdler, "Adler-32 of the compressed block", dataStart);
        verify(new CRC32(), compressed, src, cCrc, "CRC-32 of the compressed block", dataStart);
        if (output.length < dst) {
            output = new byte[dst];
        }
        if (stored) {
            System.arraycopy(compressed, 0, output, 0, dst);
        } else {
            int n;
            try {
                n = lzo.decompress(compressed, 0, src, output, 0, dst);
            } catch (MalformedInputException | IllegalArgumentException | IndexOutOfBoundsException e) {
                throw corruptAt(dataStart, "block does not decode: " + e.getMessage(), e);
            }
            if (n != dst) {
                throw corruptAt(dataStart, "block decodes to " + n + " bytes, its header says " + dst, null);
            }
        }
        verify(new Adler32(), output, dst, dAdler, "Adler-32 of the block", dataStart);
        verify(new CRC32(), output, dst, dCrc, "CRC-32 of the block", dataStart);
        emit(output, dst);
        return true;
    }

    private void verify(Checksum checksum, byte[] data, int length, long expected, String what, long at)
            throws CompressedDataException {
        if (expected < 0) {
            return;
        }
        checksum.update(data, 0, length);
        if (checksum.getValue() != expected) {
            throw corruptAt(at, String.format("%s is 0x%08X, the block header says 0x%08X",
                    what, checksum.getValue(), expected), null);
        }
    }

    private long u32(String what) throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v = v << 8 | readByte(what);
        }
        return v;
    }

    /** Reads big-endian header fields, feeding both candidate header checksums. */
    private final class HeaderReader {
        private final Checksum adler;
        private final Checksum crc;

        HeaderReader(Checksum adler, Checksum crc) {
            this.adler = adler;
            this.crc = crc;
        }

        int u8() throws IOException {
            int b = readByte("header");
            adler.update(b);
            crc.update(b);
            return b;
        }

        int u16() throws IOException {
            return u8() << 8 | u8();
        }

        long u32() throws IOException {
            return (long) u16() << 16 | u16();
        }
    }
}
