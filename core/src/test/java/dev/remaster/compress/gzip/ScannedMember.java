package dev.remaster.compress.gzip;

import dev.remaster.internal.ChunkRecording;
import dev.remaster.compress.Compression;
import dev.remaster.compress.MemberInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A gzip member decoded with a flush-point scan, and its candidate spans verified: what the index
 * tests look at.
 *
 * @param data the decompressed bytes
 * @param compressedSize the member's size as the decoder reported it
 * @param scan the flush-point scan
 * @param chunks the independent chunks {@link IndependentChunks#verify} kept
 */
record ScannedMember(byte[] data, long compressedSize, FlushPointScan scan, List<DeflateSpan> chunks) {

    /** Writes {@code gz} to a file in {@code dir}, decodes it with a scan and verifies the spans. */
    static ScannedMember of(Path dir, byte[] gz) throws IOException {
        Path file = Files.createTempFile(dir, "scanned", ".gz");
        Files.write(file, gz);
        List<FlushPointScan> scans = new ArrayList<>();
        byte[] data;
        long size;
        try (MemberInputStream in = ChunkRecording.record(
                Compression.GZIP.newDecoder(new ByteArrayInputStream(gz), "test", 0), FlushPointScan.class, scans::add)) {
            data = in.readAllBytes();
            size = in.compressedSize();
        }
        if (scans.size() != 1) {
            throw new AssertionError("expected one scan, got " + scans.size());
        }
        try (FileChannel ch = FileChannel.open(file)) {
            return new ScannedMember(data, size, scans.get(0), IndependentChunks.verify(ch, scans.get(0), 2));
        }
    }

    /** The decompressed offsets where the chunks after the first start. */
    List<Long> chunkStarts() {
        List<Long> starts = new ArrayList<>();
        for (int i = 1; i < chunks.size(); i++) {
            starts.add(chunks.get(i).uncompressedStart());
        }
        return starts;
    }
}
