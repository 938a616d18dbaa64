package dev.remaster.image;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.WriteOptions;
import dev.remaster.internal.FileDataSink;

import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * Writes an initramfs file segment by segment: byte-for-byte copies of segments of another file,
 * NUL padding, and new archives, plain or compressed.
 *
 * <p>Kernel rules are kept here: a plain archive is started at a 4-aligned offset (NULs are added
 * before it when needed), and each new compressed archive is one complete member ending at its
 * trailer.
 *
 * <p><b>gzip archives are chunked.</b> A gzip archive is written as
 * one ordinary member, compressed on {@link EncoderOptions#threads()} threads in independent
 * chunks of about 1 MiB cut between whole entries. At level 9 it is about 0.15% larger than
 * {@code gzip -9}, and a later edit of the image can copy every chunk it does not change instead
 * of recompressing the whole archive. zstd archives are chunked the same way: one ordinary frame whose chunks share no history.
 */
public final class ImageWriter implements Closeable {
    private final OutputStream out;
    /** The stream given, when it takes file data straight from a file (uncompressed archives use it). */
    private final FileDataSink sink;
    private long position;
    /** The archive or member begun and not yet closed. */
    private Closeable open;

    private ImageWriter(OutputStream out, FileDataSink sink) {
        this.out = out;
        this.sink = sink;
    }

    /**
     * A writer on {@code out}, which it closes when closed.
     *
     * @param out the stream written to
     * @return a writer on {@code out}, which it closes when closed
     */
    public static ImageWriter of(OutputStream out) {
        return new ImageWriter(new FilterOutputStream(out) {
            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }
        }, out instanceof FileDataSink ? (FileDataSink) out : null);
    }

    /**
     * Bytes written so far.
     *
     * @return bytes written so far
     */
    public long position() {
        return position;
    }

    /**
     * Copies {@code length} bytes at {@code offset} of {@code source} unchanged.
     *
     * @param source where the data comes from
     * @param offset the byte offset
     * @param length the length in bytes
     * @throws IOException if reading or writing fails
     */
    public void copy(FileChannel source, long offset, long length) throws IOException {
        requireNoOpenArchive();
        if (sink != null) {
            // Straight from file to file, without passing through the heap.
            long n = sink.transferFrom(source, offset, length);
            if (n != length) {
                throw new IOException("source ends at " + (offset + n) + ", before " + (offset + length));
            }
            position += length;
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(1 << 20, Math.max(length, 1)));
        long done = 0;
        while (done < length) {
            buf.clear();
            if (length - done < buf.capacity()) {
                buf.limit((int) (length - done));
            }
            int n = source.read(buf, offset + done);
            if (n < 0) {
                throw new IOException("source ends at " + (offset + done) + ", before " + (offset + length));
            }
            out.write(buf.array(), 0, n);
            done += n;
        }
        position += length;
    }

    /**
     * Copies a segment of {@code source} unchanged.
     *
     * @param source where the data comes from
     * @param segment the segment
     * @throws IOException if reading or writing fails
     */
    public void copy(FileChannel source, Segment segment) throws IOException {
        copy(source, segment.offset(), segment.length());
    }

    /**
     * Writes {@code count} NUL bytes.
     *
     * @param count the count
     * @throws IOException if reading or writing fails
     */
    public void padding(long count) throws IOException {
        requireNoOpenArchive();
        byte[] zeros = new byte[(int) Math.min(count, 8192)];
        for (long left = count; left > 0; ) {
            int n = (int) Math.min(left, zeros.length);
            out.write(zeros, 0, n);
            left -= n;
        }
        position += count;
    }

    /**
     * Starts a new archive compressed with {@code compression}. Write its entries to the returned
     * writer and close it to end the archive (its trailer) and the compressed member.
     *
     * @param compression the archive's compression
     * @param encoder level and threads of the compression
     * @param cpio the archive's header format and inode numbering
     * @return the cpio writer
     * @throws IOException if reading or writing fails
     */
    public CpioWriter beginArchive(Compression compression, EncoderOptions encoder, WriteOptions cpio)
            throws IOException {
        requireNoOpenArchive();
        if (compression == Compression.NONE && position % 4 != 0) {
            padding(4 - position % 4);
        }
        OutputStream member = compression == Compression.NONE ? counting() : compression.newEncoder(counting(), encoder);
        CpioWriter archive = CpioWriter.of(member, cpio);
        open = archive;
        return archive;
    }

    /**
     * Starts a member whose bytes the caller writes as they are, for example a member compressed
     * by an encoder of its own. Close the returned stream to end the member; nothing else may be
     * written until then.
     *
     * @return the member's output; closing it does not close this writer
     */
    public OutputStream beginMember() {
        requireNoOpenArchive();
        OutputStream member = counting();
        open = member;
        return member;
    }

    /** The output as the cpio writer of a segment sees it. */
    private OutputStream counting() {
        return sink != null ? new CountingSink() : new Counting();
    }

    /** The output, counting what passes, that forgets the open archive when closed. */
    private class Counting extends FilterOutputStream {
        Counting() {
            super(ImageWriter.this.out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            position++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            position += len;
        }

        @Override
        public void close() throws IOException {
            flush();
            open = null;
        }
    }

    /** The same on an output that takes file data straight from the file: so does this one. */
    private final class CountingSink extends Counting implements FileDataSink {
        @Override
        public long transferFrom(FileChannel source, long from, long count) throws IOException {
            long n = sink.transferFrom(source, from, count);
            position += n;
            return n;
        }
    }

    private void requireNoOpenArchive() {
        if (open != null) {
            throw new IllegalStateException("close the archive begun with beginArchive() first");
        }
    }

    @Override
    public void close() throws IOException {
        try {
            if (open != null) {
                open.close();
            }
            out.flush();
        } finally {
            out.close();
        }
    }
}
