package dev.remaster.compress.gzip;

import dev.remaster.compress.Compression;
import dev.remaster.compress.MemberInputStream;
import dev.remaster.compress.Samples;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recording is asked of a gzip decoder before it has produced data, once; other decoders refuse. */
class FlushPointRecordingTest {

    @Test
    void aFreshGzipDecoderRecordsTheScanOfItsMember() throws IOException {
        byte[] data = Samples.mixed(3 << 20, 7);
        byte[] gz = Samples.encode(Compression.GZIP, data);
        List<FlushPointScan> scans = new ArrayList<>();
        try (MemberInputStream in = FlushPointRecording.record(
                Compression.GZIP.newDecoder(new ByteArrayInputStream(gz), "t", 100), scans::add)) {
            assertArrayEquals(data, in.readAllBytes());
        }
        assertEquals(1, scans.size());
        FlushPointScan scan = scans.get(0);
        assertEquals(100, scan.memberOffset());
        assertEquals(110, scan.deflateStart(), "after the 10-byte header");
        assertEquals(data.length, scan.uncompressedSize());
        // Offsets add the member's offset (how the spans tile the stream: IndependentChunksTest).
        assertEquals(100 + gz.length - 8, scan.deflateEnd(), "the deflate data ends before the 8-byte trailer");
        assertEquals(110, scan.spans().get(0).compressedStart());
        assertTrue(scan.spans().get(scan.spans().size() - 1).endsStream());
    }

    @Test
    void recordingIsRefusedOnceDataWasProducedOrWhenAskedTwice() throws IOException {
        byte[] gz = Samples.encode(Compression.GZIP, Samples.text(1 << 16, 3));
        try (MemberInputStream in = Compression.GZIP.newDecoder(new ByteArrayInputStream(gz), "t", 0)) {
            in.read();
            assertThrows(IllegalStateException.class, () -> FlushPointRecording.record(in, s -> { }));
        }
        try (MemberInputStream in = Compression.GZIP.newDecoder(new ByteArrayInputStream(gz), "t", 0)) {
            FlushPointRecording.record(in, s -> { });
            assertThrows(IllegalStateException.class, () -> FlushPointRecording.record(in, s -> { }));
        }
    }

    @Test
    void otherDecodersCannotRecord() throws IOException {
        byte[] zst = Samples.encode(Compression.ZSTD, Samples.text(1 << 12, 3));
        try (MemberInputStream in = Compression.ZSTD.newDecoder(new ByteArrayInputStream(zst), "t", 0)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> FlushPointRecording.record(in, s -> { }));
            assertTrue(e.getMessage().contains("does not record flush points"), e.getMessage());
        }
    }
}
