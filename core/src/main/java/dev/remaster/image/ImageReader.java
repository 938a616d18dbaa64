package dev.remaster.image;

import dev.remaster.compress.Compression;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioFormat;
import dev.remaster.cpio.CpioReader;
import dev.remaster.cpio.EntryReader;
import dev.remaster.cpio.ReadOptions;
import dev.remaster.internal.ChannelInput;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Reads every entry of an initramfs file, segment after segment, the way the kernel's unpacker
 * walks its buffer: NUL bytes are skipped, a cpio magic at a 4-aligned offset starts a plain
 * archive, and anything else must be the magic of a compressed member.
 *
 * <pre>{@code
 * try (ImageReader image = ImageReader.open(path)) {
 *     for (CpioEntry e = image.next(); e != null; e = image.next()) {
 *         System.out.println(image.segmentIndex() + " " + e.name());
 *         InputStream data = image.data();
 *     }
 *     List<Segment> layout = image.segments();   // complete once next() returned null
 * }
 * }</pre>
 *
 * <p>Streaming: data is read from the file (or its decompressor) as asked, never held; memory
 * stays flat. Each compressed segment is decompressed once, on a background thread; a gzip
 * member with flush points (as Remaster and {@code pigz} write it) is inflated on several
 * threads at once ({@code compress.gzip.ParallelGzip}), with the same bytes, checks
 * and errors.
 *
 * <p>A {@link MemberObserver} given to {@link #open(Path, ReadOptions, MemberObserver)} sees each
 * member's decoder before it is read (an edit uses it to find the chunks of a gzip segment that a
 * rewrite can copy, in the same pass).
 *
 * <p>Offsets in errors from inside a compressed segment are the segment's offset in the file plus
 * the position in its decompressed bytes; the message names the segment.
 */
public final class ImageReader implements EntryReader {
    private final Path file;
    private final FileChannel channel;
    private final long fileSize;
    private final ReadOptions cpioOptions;
    private final String sourceName;

    private final List<Segment> segments = new ArrayList<>();
    private volatile long position;

    private volatile CpioReader cpio;
    private volatile MemberChain chain;
    private long segmentStart;
    private Compression segmentCompression;
    private int archives;
    private long entries;
    private final Set<CpioFormat> formats = EnumSet.noneOf(CpioFormat.class);
    private final List<long[]> trailerSpans = new ArrayList<>();
    private int segmentIndex = -1;
    private final MemberObserver observer;

    private ImageReader(Path file, FileChannel channel, ReadOptions cpioOptions, MemberObserver observer)
            throws IOException {
        this.observer = Objects.requireNonNull(observer, "observer");
        this.file = file;
        this.channel = channel;
        this.fileSize = channel.size();
        this.sourceName = cpioOptions.sourceName() != null ? cpioOptions.sourceName() : file.toString();
        this.cpioOptions = cpioOptions;
    }

    /**
     * Opens {@code file} with default limits.
     *
     * @param file the file
     * @return the image reader
     * @throws IOException if reading or writing fails
     */
    public static ImageReader open(Path file) throws IOException {
        return open(file, ReadOptions.defaults());
    }

    /**
     * Opens {@code file}; {@code cpioOptions} gives the limits and checks applied to every archive
     * (its offset and stop settings are the reader's own).
     *
     * @param file the file
     * @param cpioOptions the cpio options
     * @return the image reader
     * @throws IOException if reading or writing fails
     */
    public static ImageReader open(Path file, ReadOptions cpioOptions) throws IOException {
        return open(file, cpioOptions, MemberObserver.NONE);
    }

    /**
     * Opens {@code file} as {@link #open(Path, ReadOptions)} does, showing each compressed member's
     * decoder to {@code observer} before reading it.
     *
     * @param file the file
     * @param cpioOptions the cpio options
     * @param observer sees each member's decoder as it is opened
     * @return the image reader
     * @throws IOException if reading or writing fails
     */
    public static ImageReader open(Path file, ReadOptions cpioOptions, MemberObserver observer) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            return new ImageReader(file, channel, cpioOptions, observer);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /**
     * The file being read.
     *
     * @return the file being read
     */
    public Path file() {
        return file;
    }

    /**
     * The file's size in bytes.
     *
     * @return the file's size in bytes
     */
    public long fileSize() {
        return fileSize;
    }

    /**
     * The next entry of the image, trailers included, or {@code null} after the last one.
     *
     * @throws ImageFormatException at bytes that are neither padding nor an archive
     * @throws dev.remaster.cpio.CpioFormatException on a malformed archive or corrupt compressed data
     */
    @Override
    public CpioEntry next() throws IOException {
        while (true) {
            if (cpio != null) {
                CpioEntry e = cpio.next();
                if (e != null) {
                    formats.add(e.format());
                    if (e.isTrailer()) {
                        archives++;
                        long afterPadding = cpio.position();
                        trailerSpans.add(new long[] {afterPadding - e.trailerPadding(), afterPadding});
                    } else {
                        entries++;
                    }
                    return e;
                }
                endSegment();
            }
            if (position >= fileSize) {
                return null;
            }
            startSegment();
        }
    }

    /** The data of the entry {@link #next()} returned last; see {@link CpioReader#data()}. */
    @Override
    public InputStream data() {
        if (cpio == null) {
            throw new IllegalStateException("no current entry");
        }
        return cpio.data();
    }

    /**
     * Index, in {@link #segments()}, of the segment the current entry belongs to.
     *
     * @return index, in {@link #segments()}, of the segment the current entry belongs to
     */
    public int segmentIndex() {
        return segmentIndex;
    }

    /**
     * Where the current segment starts in the file.
     *
     * @return where the current segment starts in the file
     */
    public long segmentOffset() {
        return segmentStart;
    }

    /**
     * The compression of the current segment.
     *
     * @return the compression of the current segment
     */
    public Compression segmentCompression() {
        return segmentCompression;
    }

    /**
     * Roughly how many bytes of the file have been read so far, for progress reports: exact for
     * plain segments, ahead by a read buffer for compressed ones. Safe to call from another thread.
     *
     * @return roughly how many bytes of the file have been read so far, for progress reports: exact for plain segments, ahead by a read buffer for compressed ones
     */
    public long bytesRead() {
        MemberChain c = chain;
        CpioReader r = cpio;
        if (c != null) {
            return Math.min(fileSize, c.rawPosition());
        }
        if (r != null) {
            return Math.min(fileSize, segmentStart + r.position());
        }
        return position;
    }

    /**
     * The segments seen so far; the whole layout once {@link #next()} has returned {@code null}.
     *
     * @return the segments seen so far; the whole layout once {@link #next()} has returned {@code null}
     */
    public List<Segment> segments() {
        return Collections.unmodifiableList(segments);
    }

    @Override
    public void close() throws IOException {
        try {
            if (cpio != null) {
                cpio.close();
            }
        } finally {
            channel.close();
        }
    }

    // ---- internals ----------------------------------------------------------------------------

    private void startSegment() throws IOException {
        byte[] head = peek(position, Compression.MAGIC_LENGTH);
        if (head.length > 0 && head[0] == 0) {
            long nuls = countNuls(position);
            segments.add(new PaddingSegment(position, nuls));
            position += nuls;
            return;
        }
        Compression c = Compression.detect(head, 0, head.length);
        if (c == null && dev.remaster.cpio.CpioFormat.detect(head, 0, head.length) != null) {
            // Old binary cpio: not for the kernel, but an archive all the same.
            c = Compression.NONE;
        }
        if (c == null) {
            throw new ImageFormatException(sourceName, position, "neither a cpio archive nor a known compression: "
                    + "starts with " + hex(head));
        }
        if (!c.canRead()) {
            throw new ImageFormatException(sourceName, position, c.displayName() + " data cannot be read");
        }
        segmentStart = position;
        segmentCompression = c;
        archives = 0;
        entries = 0;
        formats.clear();
        trailerSpans.clear();
        segmentIndex = segments.size();
        long expanded = 0;
        for (Segment s : segments) {
            if (s instanceof ArchiveSegment a) {
                expanded += a.uncompressedSize();
            }
        }
        // The limit on expanded bytes holds for the whole image, not for each segment.
        ReadOptions segmentOptions = cpioOptions.withLimits(
                cpioOptions.limits().withMaxTotalBytes(Math.max(1, cpioOptions.limits().maxTotalBytes() - expanded)));
        if (c == Compression.NONE) {
            InputStream in = new ChannelInput(channel, position, fileSize);
            cpio = CpioReader.of(in, segmentOptions.withSourceName(sourceName)
                    .withBaseOffset(position).withStopAtForeignData(true));
        } else {
            String name = sourceName + " (" + c.displayName() + " segment at offset " + position
                    + "; offsets add the position in its decompressed data)";
            chain = new MemberChain(channel, fileSize, position, c, sourceName, segmentIndex, observer);
            cpio = CpioReader.of(chain, segmentOptions.withSourceName(name)
                    .withBaseOffset(position).withStopAtForeignData(false));
        }
    }

    private void endSegment() throws IOException {
        long end;
        List<Member> members;
        boolean atTrailers = true;
        long uncompressed = cpio.position();
        if (chain == null) {
            end = segmentStart + uncompressed;
            members = List.of(new Member(segmentStart, end - segmentStart));
        } else {
            // The cpio reader returns null only at the end of the chain, so the members are complete.
            end = chain.end();
            members = new ArrayList<>(chain.members());
            List<Long> outputEnds = chain.memberOutputEnds();
            for (int i = 0; i < outputEnds.size() - 1; i++) {
                long m = outputEnds.get(i);
                boolean ok = false;
                for (long[] span : trailerSpans) {
                    if (span[0] <= m && m <= span[1]) {
                        ok = true;
                        break;
                    }
                }
                atTrailers &= ok;
            }
            chain.close();
            chain = null;
        }
        segments.add(new ArchiveSegment(segmentStart, end - segmentStart, segmentCompression, members,
                archives, entries, uncompressed, formats, atTrailers, cpio.endedWithoutTrailer()));
        cpio = null;
        position = end;
    }

    private byte[] peek(long at, int n) throws IOException {
        return ChannelInput.readAt(channel, at, n, fileSize);
    }

    private long countNuls(long at) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(64 * 1024);
        long count = 0;
        while (at + count < fileSize) {
            b.clear();
            int n = channel.read(b, at + count);
            if (n <= 0) {
                break;
            }
            for (int i = 0; i < n; i++) {
                if (b.get(i) != 0) {
                    return count + i;
                }
            }
            count += n;
        }
        return count;
    }

    private static String hex(byte[] b) {
        StringBuilder sb = new StringBuilder();
        for (byte x : b) {
            sb.append(String.format("%02x ", x & 0xff));
        }
        return sb.toString().trim();
    }
}
