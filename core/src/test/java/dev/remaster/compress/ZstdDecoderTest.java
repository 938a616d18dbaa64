package dev.remaster.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * A zstd member is one frame, decoded by our decoder, ending exactly at the frame's end: raw, RLE
 * and compressed blocks, the optional checksum; skippable frames, dictionaries, reserved bits and
 * types, blocks over 128 KiB and windows over 1 GiB are refused with a message that says which, at
 * the offset of the frame or of the bad block.
 */
class ZstdDecoderTest {
    private static final String MAGIC = "28b52ffd";

    @Test
    void rawAndRleBlocks() throws IOException {
        // Single segment, 1-byte content size 6; a raw block "abc", then a last RLE block of 3 'x'.
        byte[] frame = hex(MAGIC + "20" + "06" + block(false, 0, 3) + "616263" + block(true, 1, 3) + "78");
        Samples.Decoded d = Samples.decode(Compression.ZSTD, Samples.concat(frame, "junk".getBytes(StandardCharsets.US_ASCII)));
        assertArrayEquals("abcxxx".getBytes(StandardCharsets.US_ASCII), d.data());
        assertEquals(frame.length, d.compressedSize());
    }

    @Test
    void frameFollowedByASkippableFrameEndsBeforeIt() throws IOException {
        byte[] frame = Samples.encode(Compression.ZSTD, Samples.text(200_000, 1));
        byte[] skippable = hex("502a4d18" + "04000000" + "01020304");
        Samples.Decoded d = Samples.decode(Compression.ZSTD, Samples.concat(frame, skippable));
        assertEquals(frame.length, d.compressedSize());
    }

    @Test
    void skippableFrameIsRefused() {
        assertRefused("5a2a4d18" + "04000000" + "01020304", 0, "a skippable frame (magic 0x184D2A5A) holds no content");
    }

    @Test
    void dictionaryIsRefused() {
        assertRefused(MAGIC + "21" + "05" + "00", 0, "the frame needs dictionary 5; dictionaries are not supported");
    }

    @Test
    void reservedHeaderBitIsRefused() {
        assertRefused(MAGIC + "28" + "00", 0, "reserved bit of the frame header descriptor is set");
    }

    @Test
    void windowOver1GiBIsRefused() {
        assertRefused(MAGIC + "00" + "a8", 0, "the frame's window of 2147483648 bytes is larger than the 1024 MiB");
    }

    @Test
    void windowOf128MiBIsDecoded() throws IOException {
        // Window log 27 (zstd --ultra -22, --long), no content size: a raw block "abc".
        byte[] frame = hex(MAGIC + "00" + "88" + block(true, 0, 3) + "616263");
        Samples.Decoded d = Samples.decode(Compression.ZSTD, frame);
        assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), d.data());
        assertEquals(frame.length, d.compressedSize());
    }

    @Test
    void badCompressedBlockIsReportedAtItsHeader() {
        // A raw block "abc", then a compressed block whose literals are treeless with no table yet.
        assertRefused(MAGIC + "00" + "68" + block(false, 0, 3) + "616263" + block(true, 2, 4) + "03000000", 12,
                "treeless literals, but no earlier block defined a Huffman table");
    }

    @Test
    void checksumMismatchIsReportedAtTheChecksum() throws IOException {
        byte[] frame = Samples.encode(Compression.ZSTD, Samples.text(200_000, 1));
        frame[frame.length - 2] ^= 0x10;
        assertRefused(HexFormat.of().formatHex(frame), frame.length - 4, "the content checksum is 0x");
    }

    @Test
    void reservedBlockTypeIsRefused() {
        assertRefused(MAGIC + "20" + "06" + block(true, 3, 6), 6, "reserved block type 3");
    }

    @Test
    void blockOver128KiBIsRefused() {
        assertRefused(MAGIC + "00" + "68" + block(true, 0, 128 * 1024 + 1), 6,
                "block size 131073 is larger than the frame's maximum of 131072");
    }

    @Test
    void truncatedBlockIsReported() {
        assertRefused(MAGIC + "20" + "06" + block(true, 0, 6) + "6162", 11, "truncated: the input ends inside the raw block");
    }

    private static void assertRefused(String hex, long offset, String detail) {
        CompressedDataException e = assertThrows(CompressedDataException.class, () -> {
            try (MemberInputStream in = Compression.ZSTD.newDecoder(new ByteArrayInputStream(hex(hex)), "f.zst", 100)) {
                in.readAllBytes();
            }
        });
        assertTrue(e.getMessage().contains(detail), e.getMessage());
        assertEquals(100 + offset, e.offset(), e.getMessage());
    }

    private static String block(boolean last, int type, int size) {
        int header = (last ? 1 : 0) | type << 1 | size << 3;
        return String.format("%02x%02x%02x", header & 0xFF, (header >>> 8) & 0xFF, (header >>> 16) & 0xFF);
    }

    private static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex);
    }

    /** A frame of our encoder, of {@code size} bytes of text-like content. */
    private static byte[] frameOf(byte[] content) throws IOException {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        try (java.io.OutputStream z = Compression.ZSTD.newEncoder(out, new EncoderOptions(3, 1))) {
            z.write(content);
        }
        return out.toByteArray();
    }

    private static byte[] text(int size) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < size; i++) {
            sb.append("line ").append(i % 977).append(" of the zstd block log test\n");
        }
        return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    /** Asked before the first read, the decoder hands over its frame's block log once the frame is verified. */
    @Test
    void aDecoderLogsItsFramesBlocksWhenAsked() throws IOException {
        byte[] content = text(700_000);
        byte[] frame = frameOf(content);
        java.util.List<dev.remaster.compress.zstd.ZstdBlockLog> logs = new java.util.ArrayList<>();
        try (MemberInputStream in = Compression.ZSTD.newDecoder(new ByteArrayInputStream(frame), "t.zst", 0)) {
            dev.remaster.internal.ChunkRecording.record(in, dev.remaster.compress.zstd.ZstdBlockLog.class, logs::add);
            byte[] first = in.readNBytes(1000);
            assertEquals(0, logs.size(), "not before the frame's end");
            assertThrows(IllegalStateException.class,
                    () -> dev.remaster.internal.ChunkRecording.record(in, dev.remaster.compress.zstd.ZstdBlockLog.class, logs::add), "once, from the start");
            byte[] rest = in.readAllBytes();
            assertEquals(content.length, first.length + rest.length);
        }
        assertEquals(1, logs.size());
        assertTrue(logs.get(0).complete());
        // the log finds the frame's one chunk: the whole content
        var chunks = dev.remaster.compress.zstd.ZstdChunks.find(logs.get(0), 0, new long[] {0});
        assertEquals(1, chunks.size());
        assertEquals(content.length, chunks.get(0).uncompressedEnd());
    }

    @Test
    void aFrameThatFailsItsChecksumHandsOverNoLog() throws IOException {
        byte[] frame = frameOf(text(50_000));
        frame[frame.length - 1] ^= 1;
        java.util.List<dev.remaster.compress.zstd.ZstdBlockLog> logs = new java.util.ArrayList<>();
        try (MemberInputStream in = Compression.ZSTD.newDecoder(new ByteArrayInputStream(frame), "t.zst", 0)) {
            dev.remaster.internal.ChunkRecording.record(in, dev.remaster.compress.zstd.ZstdBlockLog.class, logs::add);
            assertThrows(CompressedDataException.class, in::readAllBytes);
        }
        assertEquals(0, logs.size());
    }
}
