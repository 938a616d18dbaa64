package dev.remaster.compress;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Decompressor;
import java.io.IOException;
import java.io.InputStream;

/**
 * One lz4 legacy frame: the magic {@code 02 21 4c 18}, then blocks of a 4-byte little-endian
 * compressed size and an LZ4 block that decompresses to at most 8 MiB (aircompressor's
 * {@link Lz4Decompressor}).
 *
 * <p><b>Where the member ends.</b> The legacy frame has no end mark. The kernel's unlz4, given the
 * rest of the initramfs buffer, keeps reading blocks until fewer than 4 bytes are left or it reads
 * a size of 0, and skips a legacy magic where a size is expected (so it reads concatenated frames
 * as one). The member ends here, before the 4 bytes where a block size is expected, when:
 *
 * <ol>
 *   <li>fewer than 4 bytes are left (they are not part of the member), or
 *   <li>they are the legacy magic again: a new frame, which is a new member here (the kernel would
 *       continue the same decompression; the decoded bytes are the same), or
 *   <li>they read as 0 (NUL padding, as in the kernel), or as a size larger than the LZ4 bound of
 *       an 8 MiB block, which no block can have (the magics of xz, bzip2, zstd, lzop, a cpio
 *       header, and of gzip with any flag set all read so), or
 *   <li>they begin another format's magic ({@link Compression#detect}) and the "block" they
 *       announce is cut short by the end of input or does not decode. This covers a gzip member
 *       with flags 0, whose {@code 1f 8b 08 00} reads as a plausible size of 559,903.
 * </ol>
 *
 * A block that does not decode, or is cut short, is otherwise corrupt data.
 */
final class Lz4LegacyDecoder extends BlockDecoder {
    private final Lz4Decompressor lz4 = new Lz4Decompressor();
    private byte[] block = new byte[0];
    private byte[] output;
    private long end;

    Lz4LegacyDecoder(InputStream raw, String source, long memberOffset) {
        super(raw, Compression.LZ4_LEGACY, source, memberOffset);
    }

    @Override
    void start() throws IOException {
        byte[] magic = new byte[4];
        readFully(magic, 0, 4, "frame magic");
        if (Lz4Legacy.intLE(magic, 0) != Lz4Legacy.MAGIC) {
            throw corruptAt(0, String.format("not an lz4 legacy frame: magic 0x%08X", Lz4Legacy.intLE(magic, 0)), null);
        }
        end = in.position();
    }

    @Override
    long endOfMember() {
        return end;
    }

    /** Decodes the next block into {@link #output}; false where the member ends. */
    @Override
    boolean nextBlock() throws IOException {
        if (in.fill(4) < 4) {
            return false;
        }
        byte[] buf = in.buffer();
        int at = in.bufferPosition();
        int size = Lz4Legacy.intLE(buf, at);
        if (size == Lz4Legacy.MAGIC || size == 0 || Integer.compareUnsigned(size, Lz4Legacy.MAX_COMPRESSED_BLOCK) > 0) {
            return false;
        }
        boolean otherMagic = Compression.detect(buf, at, 4) != null;
        long blockStart = in.position();
        in.advance(4);
        if (block.length < size) {
            block = new byte[size];
        }
        if (in.readFully(block, 0, size) < size) {
            if (otherMagic) {
                return false;
            }
            throw truncated("block of " + size + " bytes");
        }
        if (output == null) {
            output = new byte[Lz4Legacy.BLOCK_SIZE];
        }
        int length;
        try {
            length = lz4.decompress(block, 0, size, output, 0, output.length);
        } catch (MalformedInputException | IllegalArgumentException | IndexOutOfBoundsException e) {
            if (otherMagic) {
                return false;
            }
            throw corruptAt(blockStart, "block of " + size + " bytes does not decode: " + e.getMessage(), e);
        }
        emit(output, length);
        end = in.position();
        return true;
    }
}
