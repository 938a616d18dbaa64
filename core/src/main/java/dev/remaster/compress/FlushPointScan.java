package dev.remaster.compress;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;

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
 * try (MemberInputStream in = FlushPointScan.decoder(raw, "initrd.gz", 0, scans::add)) {
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
public record FlushPointScan(long memberOffset, long deflateStart, long deflateEnd, List<DeflateSpan> spans) {

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

    /**
     * A decoder of one gzip member, exactly as {@link Compression#newDecoder} makes it, that also
     * scans the member for flush points. {@code whenDone} gets the scan once the member's trailer
     * has been checked, on the thread that reads the decoder to its end; it is not called for a
     * member that fails.
     *
     * @param raw the compressed bytes, starting at the member
     * @param sourceName names the source in error messages
     * @param memberOffset where the member starts in the source: the offsets of the scan add it
     * @throws CompressedDataException if the header is not valid
     * @param whenDone the when done
     * @return a decoder of one gzip member, exactly as {@link Compression#newDecoder} makes it, that also scans the member for flush points
     */
    public static MemberInputStream decoder(InputStream raw, String sourceName, long memberOffset,
            Consumer<FlushPointScan> whenDone) throws IOException {
        return new GzipDecoder(raw, sourceName, memberOffset, whenDone).begin();
    }
}
