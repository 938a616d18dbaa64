package dev.remaster.compress;

import dev.remaster.compress.gzip.FlushPointRecorder;
import dev.remaster.compress.gzip.FlushPointScan;
import dev.remaster.compress.gzip.GzipFormat;
import dev.remaster.internal.ChunkRecording;

import java.io.IOException;
import java.io.InputStream;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * One gzip member (RFC 1952): the header parsed here with every optional field (FEXTRA, FNAME,
 * FCOMMENT, FHCRC, the last one verified), the deflate data inflated by {@link Inflater} straight
 * from the raw input's buffer, then CRC32 and ISIZE of the trailer verified. The inflater is fed
 * the buffer in place and the buffer advanced by exactly what it used, so the member ends at the
 * exact byte where its trailer ends.
 *
 * <p>When asked to {@linkplain #recordChunks record flush points}, the input is fed only up to each flush-point
 * candidate in turn, so that the decompressed offset of every candidate can be read off the
 * inflater (see {@link FlushPointRecorder}).
 */
final class GzipDecoder extends MemberDecoder implements ChunkRecording<FlushPointScan> {
    private final Inflater inflater = new Inflater(true);
    private final CRC32 crc = new CRC32();
    private long size;
    private int fed;
    /** Scans for flush points, or null. */
    private FlushPointRecorder recorder;
    private long memberOffset;
    private long deflateStart = -1;
    /** Whether the last inflate filled the caller's buffer, so that more output may be pending. */
    private boolean outputFull;

    GzipDecoder(InputStream raw, String source, long memberOffset) {
        super(raw, Compression.GZIP, source, memberOffset);
        this.memberOffset = memberOffset;
    }

    @Override
    public void recordChunks(Consumer<? super FlushPointScan> whenDone) {
        Objects.requireNonNull(whenDone, "whenDone");
        if (recorder != null || deflateStart < 0 || size > 0 || fed > 0 || inflater.getBytesRead() > 0) {
            throw new IllegalStateException("flush points are recorded from the start of the deflate data, once");
        }
        recorder = new FlushPointRecorder(memberOffset, whenDone);
        recorder.start(deflateStart);
    }

    @Override
    void start() throws IOException {
        CRC32 headerCrc = new CRC32();
        int id1 = headerByte(headerCrc);
        int id2 = headerByte(headerCrc);
        if (id1 != GzipFormat.ID1 || (id2 != GzipFormat.ID2 && id2 != GzipFormat.ID2_OLD)) {
            throw corruptAt(0, String.format("not a gzip member: magic %02x %02x", id1, id2), null);
        }
        int cm = headerByte(headerCrc);
        if (cm != GzipFormat.CM_DEFLATE) {
            throw corrupt("compression method " + cm + " is not deflate (8)");
        }
        int flags = headerByte(headerCrc);
        if ((flags & GzipFormat.FRESERVED) != 0) {
            throw corrupt(String.format("reserved header flags set: 0x%02x", flags));
        }
        for (int i = 0; i < 6; i++) {
            headerByte(headerCrc); // MTIME, XFL, OS
        }
        if ((flags & GzipFormat.FEXTRA) != 0) {
            int xlen = headerByte(headerCrc) | headerByte(headerCrc) << 8;
            for (int i = 0; i < xlen; i++) {
                headerByte(headerCrc);
            }
        }
        if ((flags & GzipFormat.FNAME) != 0) {
            while (headerByte(headerCrc) != 0) {
                // the file name, up to its NUL
            }
        }
        if ((flags & GzipFormat.FCOMMENT) != 0) {
            while (headerByte(headerCrc) != 0) {
                // the comment, up to its NUL
            }
        }
        if ((flags & GzipFormat.FHCRC) != 0) {
            int expected = (int) headerCrc.getValue() & 0xFFFF;
            int stored = readByte("header") | readByte("header") << 8;
            if (stored != expected) {
                throw corrupt(String.format("header CRC16 is 0x%04x, the header says 0x%04x", expected, stored));
            }
        }
        deflateStart = in.position();
    }

    @Override
    int decode(byte[] b, int off, int len) throws IOException {
        while (true) {
            if (inflater.finished()) {
                if (recorder != null) {
                    recorder.end(in.position(), inflater.getBytesWritten(), crc.getValue());
                }
                readTrailer();
                return -1;
            }
            if (inflater.needsInput() && !(outputFull && recorder != null && recorder.atCandidate())) {
                if (recorder != null && recorder.atCandidate()) {
                    // All input up to the candidate is consumed and all its output written.
                    recorder.point(in.position(), inflater.getBytesWritten(), crc.getValue());
                    crc.reset();
                }
                if (in.fill(1) == 0) {
                    throw truncated("deflate data");
                }
                fed = in.buffered();
                if (recorder != null) {
                    fed = recorder.limit(in.buffer(), in.bufferPosition(), fed, in.position());
                }
                inflater.setInput(in.buffer(), in.bufferPosition(), fed);
            }
            int n;
            try {
                n = inflater.inflate(b, off, len);
            } catch (DataFormatException e) {
                throw corruptAt(in.position() + fed - inflater.getRemaining(), "invalid deflate data: " + e.getMessage(), e);
            }
            outputFull = n == len;
            int used = fed - inflater.getRemaining();
            in.advance(used);
            fed -= used;
            if (n > 0) {
                crc.update(b, off, n);
                size += n;
                return n;
            }
            if (inflater.needsDictionary()) {
                throw corrupt("deflate data asks for a preset dictionary");
            }
        }
    }

    @Override
    void release() {
        inflater.end();
    }

    private void readTrailer() throws IOException {
        long trailerStart = in.position();
        long storedCrc = trailerInt();
        long storedSize = trailerInt();
        long dataCrc = recorder == null ? crc.getValue() : recorder.memberCrc();
        if (storedCrc != dataCrc) {
            throw corruptAt(trailerStart, String.format(
                    "CRC32 of the data is 0x%08X, the trailer says 0x%08X", dataCrc, storedCrc), null);
        }
        if (storedSize != (size & 0xFFFFFFFFL)) {
            throw corruptAt(trailerStart + 4, "size of the data modulo 2^32 is " + (size & 0xFFFFFFFFL)
                    + ", the trailer says " + storedSize, null);
        }
        inflater.end();
        if (recorder != null) {
            recorder.done();
        }
    }

    private long trailerInt() throws IOException {
        long v = 0;
        for (int i = 0; i < 4; i++) {
            v |= (long) readByte("trailer") << (8 * i);
        }
        return v;
    }

    private int headerByte(CRC32 headerCrc) throws IOException {
        int b = readByte("header");
        headerCrc.update(b);
        return b;
    }
}
