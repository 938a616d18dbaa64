package dev.remaster.compress;

import dev.remaster.compress.gzip.FlushPointScan;
import dev.remaster.compress.zstd.ZstdBlockLog;
import dev.remaster.internal.ChunkEvidence;
import dev.remaster.internal.ChunkRecording;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Chunk evidence is asked of a gzip or zstd decoder before it has produced data, once, and handed
 * over when the member has been verified; other decoders record nothing. (What the evidence holds:
 * IndependentChunksTest for gzip, ZstdDecoderTest and ZstdChunksTest for zstd.)
 */
class ChunkRecordingTest {

    @Test
    void aFreshGzipDecoderRecordsTheScanOfItsMemberWithItsOffsets() throws IOException {
        byte[] data = Samples.mixed(3 << 20, 7);
        byte[] gz = Samples.encode(Compression.GZIP, data);
        List<FlushPointScan> scans = new ArrayList<>();
        try (MemberInputStream in = ChunkRecording.record(
                Compression.GZIP.newDecoder(new ByteArrayInputStream(gz), "t", 100), FlushPointScan.class, scans::add)) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertEquals(1, scans.size());
        FlushPointScan scan = scans.get(0);
        assertEquals(100, scan.memberOffset());
        assertEquals(110, scan.deflateStart(), "after the 10-byte header");
        assertEquals(data.length, scan.uncompressedSize());
        assertEquals(100 + gz.length - 8, scan.deflateEnd(), "the deflate data ends before the 8-byte trailer");
        assertEquals(110, scan.spans().get(0).compressedStart());
        assertTrue(scan.spans().get(scan.spans().size() - 1).endsStream());
    }

    @Test
    void aZstdDecoderHandsOverItsCompleteBlockLog() throws IOException {
        byte[] data = Samples.text(1 << 20, 5);
        byte[] zst = Samples.encode(Compression.ZSTD, data);
        List<ChunkEvidence> found = new ArrayList<>();
        try (MemberInputStream in = Compression.ZSTD.newDecoder(new ByteArrayInputStream(zst), "t", 0)) {
            assertTrue(ChunkRecording.recordIfAble(in, found::add));
            assertArrayEquals(data, in.readAllBytes());
        }
        assertEquals(1, found.size());
        assertTrue(assertInstanceOf(ZstdBlockLog.class, found.get(0)).complete());
    }

    @Test
    void recordingIsRefusedOnceDataWasProducedOrWhenAskedTwice() throws IOException {
        for (Compression c : new Compression[] {Compression.GZIP, Compression.ZSTD}) {
            byte[] packed = Samples.encode(c, Samples.text(1 << 16, 3));
            try (MemberInputStream in = c.newDecoder(new ByteArrayInputStream(packed), "t", 0)) {
                in.read();
                assertThrows(IllegalStateException.class, () -> ChunkRecording.recordIfAble(in, e -> { }), c.name());
            }
            try (MemberInputStream in = c.newDecoder(new ByteArrayInputStream(packed), "t", 0)) {
                ChunkRecording.recordIfAble(in, e -> { });
                assertThrows(IllegalStateException.class, () -> ChunkRecording.recordIfAble(in, e -> { }), c.name());
            }
        }
    }

    @Test
    void otherDecodersRecordNothing() throws IOException {
        byte[] lz4 = Samples.encode(Compression.LZ4_LEGACY, Samples.text(1 << 12, 3));
        try (MemberInputStream in = Compression.LZ4_LEGACY.newDecoder(new ByteArrayInputStream(lz4), "t", 0)) {
            assertFalse(ChunkRecording.recordIfAble(in, e -> { }));
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ChunkRecording.record(in, FlushPointScan.class, s -> { }));
            assertTrue(e.getMessage().contains("does not record chunk evidence"), e.getMessage());
        }
    }
}
