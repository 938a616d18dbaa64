package dev.remaster.compress.gzip;

import dev.remaster.internal.ChunkEvidence;

import java.util.List;

/**
 * Where a gzip member's deflate stream may be cut, found while it is decompressed: the
 * byte-aligned {@code 00 00 ff ff} sequences that end an empty stored block, which is what a
 * sync or full flush writes (pigz, {@code pigz -i}, {@link ChunkedGzipOutputStream}).
 *
 * <p>Each candidate is mapped to the decompressed offset it stands at by feeding the inflater
 * exactly up to the candidate's last byte and reading how much it has written once it needs more
 * input. The spans between consecutive candidates (the first from the start of the deflate data,
 * the last up to its end) tile the deflate stream, each with the CRC-32 of its output.
 *
 * <p><b>Candidates are not trusted.</b> The same four bytes may stand inside a stored block's data
 * or inside Huffman-coded bits, and a sync flush (unlike a full flush) lets later data refer back
 * across it. Only {@link IndependentChunks#verify} tells which spans decode on their own. Plain
 * {@code gzip -9} output has no candidates at all: one span.
 *
 * <pre>{@code
 * List<FlushPointScan> scans = new ArrayList<>();
 * try (MemberInputStream in = ChunkRecording.record(
 *         Compression.GZIP.newDecoder(raw, "initrd.gz", 0), FlushPointScan.class, scans::add)) {
 *     in.transferTo(sink);
 * }
 * List<DeflateSpan> chunks = IndependentChunks.verify(channel, scans.get(0), 2);
 * }</pre>
 *
 * @param memberOffset where the gzip member starts in the source
 * @param deflateStart where its deflate data starts (after the header)
 * @param deflateEnd where its deflate data ends (before the 8-byte trailer)
 * @param spans the spans between candidates, in order, tiling deflateStart..deflateEnd; the
 *     last one {@linkplain DeflateSpan#endsStream() ends the stream}
 */
public record FlushPointScan(long memberOffset, long deflateStart, long deflateEnd, List<DeflateSpan> spans)
        implements ChunkEvidence {

    /**
     * Copies the list.
     *
     * @param memberOffset the member offset
     * @param deflateStart the deflate start
     * @param deflateEnd the deflate end
     * @param spans the spans
     */
    public FlushPointScan {
        spans = List.copyOf(spans);
    }

    /**
     * How many bytes the member decompresses to.
     *
     * @return how many bytes the member decompresses to
     */
    public long uncompressedSize() {
        return spans.isEmpty() ? 0 : spans.get(spans.size() - 1).uncompressedEnd();
    }
}
