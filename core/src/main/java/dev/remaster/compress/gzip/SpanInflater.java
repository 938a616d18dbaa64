package dev.remaster.compress.gzip;

import dev.remaster.compress.CompressedDataException;
import dev.remaster.compress.Compression;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongUnaryOperator;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Inflates a stretch of a deflate stream read from a file with positional reads, from a point
 * where a block starts, with a raw {@link Inflater} that is either fresh (an empty window: any
 * reference back before the start fails) or given the 32 KiB that came before.
 *
 * <p>Like {@link FlushPointRecorder} in {@link GzipDecoder}, it feeds the inflater only up to each
 * flush-point candidate in turn and records a {@link Piece} there once all output is written: the
 * pieces are the spans of a {@link FlushPointScan}, with offsets relative to the start.
 *
 * <p>Output is pulled as from a stream; {@link #pull} returns -1 when the deflate stream ends or
 * the stretch's limit is reached. Not thread-safe.
 */
final class SpanInflater implements AutoCloseable {
    /** A final empty block with fixed codes: a decoder at a byte-aligned block boundary ends on it. */
    private static final byte[] FINAL_EMPTY_BLOCK = {0x03, 0x00};
    static final int READ_SIZE = 64 * 1024;

    /**
     * A piece of the output between two cuts.
     *
     * @param compressedStart file offset of its first compressed byte
     * @param compressedEnd file offset just past its last
     * @param outputStart offset of its first output byte, from the start of the stretch
     * @param outputEnd offset just past its last output byte
     * @param crc32 the CRC-32 of its output
     * @param endsStream whether the deflate stream ends in it
     */
    record Piece(long compressedStart, long compressedEnd, long outputStart, long outputEnd, long crc32,
            boolean endsStream) {
        long length() {
            return outputEnd - outputStart;
        }
    }

    private final FileChannel channel;
    private final Compression compression = Compression.GZIP;
    private final String source;
    private final long limit;
    private final LongUnaryOperator nextCut;
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private final ByteBuffer input;
    private final List<Piece> pieces = new ArrayList<>();
    /** File offset of the next byte to read into {@link #input}. */
    private long readPosition;
    /** File offset just past the last byte given to the inflater. */
    private long fedEnd;
    private int inputPosition;
    private long cut;
    private long written;
    private long pieceStart;
    private long pieceOutputStart;
    private boolean lastFull;
    private boolean done;
    private long finishedAt = -1;

    /**
     * @param start file offset where a block starts
     * @param limit file offset where the stretch ends (a candidate, or the end of the input)
     * @param nextCut the candidate after a given one (or after {@code start}), -1 if none
     * @param dictionary the output before {@code start} (up to 32 KiB) in its first
     *     {@code dictionaryLength} bytes; an empty window if that is 0
     * @param input a buffer of {@link #READ_SIZE} bytes to read the file into, or null for a new one
     */
    SpanInflater(FileChannel channel, String source, long start, long limit, LongUnaryOperator nextCut,
            byte[] dictionary, int dictionaryLength, ByteBuffer input) {
        this.input = input != null ? input : ByteBuffer.allocate(READ_SIZE);
        this.channel = channel;
        this.source = source;
        this.limit = limit;
        this.nextCut = nextCut;
        this.readPosition = start;
        this.fedEnd = start;
        this.pieceStart = start;
        this.cut = cutAfter(start);
        if (dictionaryLength > 0) {
            inflater.setDictionary(dictionary, 0, dictionaryLength);
        }
        this.input.clear();
        this.input.limit(0);
    }

    private long cutAfter(long at) {
        long c = nextCut.applyAsLong(at);
        return c < 0 || c > limit ? limit : c;
    }

    /**
     * Inflates up to {@code len > 0} bytes; -1 once the stream has ended ({@link #finishedAt()})
     * or the limit is reached.
     */
    int pull(byte[] b, int off, int len) throws IOException {
        while (!done) {
            if (inflater.finished()) {
                finishedAt = fedEnd - inflater.getRemaining();
                record(finishedAt, true);
                done = true;
                return -1;
            }
            if (inflater.needsInput() && !lastFull) {
                if (fedEnd == cut && cut > pieceStart) {
                    record(cut, false);
                    cut = cutAfter(cut);
                }
                if (fedEnd >= limit) {
                    done = true;
                    return -1;
                }
                feed();
            }
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw corrupt(fedEnd - inflater.getRemaining(), "invalid deflate data: " + e.getMessage(), e);
            }
            lastFull = n == len;
            if (n > 0) {
                crc.update(b, off, n);
                written += n;
                return n;
            }
            if (inflater.needsDictionary()) {
                throw corrupt(fedEnd, "deflate data asks for a preset dictionary", null);
            }
        }
        return -1;
    }

    private void feed() throws IOException {
        if (inputPosition == input.limit()) {
            input.clear();
            input.limit((int) Math.min(READ_SIZE, limit - readPosition));
            while (input.hasRemaining()) {
                if (channel.read(input, readPosition + input.position()) < 0) {
                    throw corrupt(readPosition + input.position(), "truncated: the input ends inside the deflate data",
                            null);
                }
            }
            readPosition += input.limit();
            inputPosition = 0;
        }
        int n = (int) Math.min(input.limit() - inputPosition, cut - fedEnd);
        inflater.setInput(input.array(), inputPosition, n);
        inputPosition += n;
        fedEnd += n;
    }

    private void record(long at, boolean ends) {
        pieces.add(new Piece(pieceStart, at, pieceOutputStart, written, crc.getValue(), ends));
        crc.reset();
        pieceStart = at;
        pieceOutputStart = written;
    }

    /**
     * Whether the stretch, having reached its limit without the stream ending, ends exactly at a
     * byte-aligned block boundary: then the data after it starts a block, and an inflater started
     * there decodes what this one would have. Tested by giving the inflater a final empty block,
     * which it ends on only at such a boundary; the inflater is of no further use.
     */
    boolean endsAtBlockBoundary() {
        if (!done || finishedAt >= 0) {
            throw new IllegalStateException("the stretch has not reached its limit");
        }
        inflater.setInput(FINAL_EMPTY_BLOCK);
        try {
            int n = inflater.inflate(new byte[64]);
            return n == 0 && inflater.finished() && inflater.getRemaining() == 0;
        } catch (DataFormatException e) {
            return false;
        }
    }

    /** Whether the deflate stream ended in this stretch. */
    boolean finished() {
        return finishedAt >= 0;
    }

    /** File offset just past the deflate stream's last byte, once it has ended; else -1. */
    long finishedAt() {
        return finishedAt;
    }

    /** The bytes output so far. */
    long written() {
        return written;
    }

    /** The pieces recorded so far, in order. */
    List<Piece> pieces() {
        return pieces;
    }

    private CompressedDataException corrupt(long at, String detail, Throwable cause) {
        return new CompressedDataException(source, at, compression, detail, cause);
    }

    @Override
    public void close() {
        inflater.end();
    }
}
