package dev.remaster.image;

import dev.remaster.compress.Compression;
import dev.remaster.compress.MemberInputStream;
import dev.remaster.compress.PipelinedInputStream;
import dev.remaster.compress.gzip.ParallelGzip;
import dev.remaster.internal.ChannelInput;

import dev.remaster.internal.BulkInputStream;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The decompressed bytes of adjacent members of one compression, as one stream: when a member
 * ends and the next bytes in the file start another member of the same compression, it goes on
 * with that one. Records each member's range in the file and where its output ended, and shows
 * each member's decoder to a {@link MemberObserver} before reading it.
 */
final class MemberChain extends BulkInputStream {
    private final FileChannel channel;
    private final long fileSize;
    private final Compression compression;
    private final String sourceName;
    private final int segmentIndex;
    private final MemberObserver observer;

    private long memberStart;
    private volatile MemberInputStream decoder;
    private long produced;
    private final List<Member> members = new ArrayList<>();
    private final List<Long> memberOutputEnds = new ArrayList<>();
    private boolean ended;
    private volatile ChannelInput rawInput;

    MemberChain(FileChannel channel, long fileSize, long start, Compression compression, String sourceName)
            throws IOException {
        this(channel, fileSize, start, compression, sourceName, 0, MemberObserver.NONE);
    }

    /** A chain that shows each member's decoder to {@code observer}, as members of segment {@code segmentIndex}. */
    MemberChain(FileChannel channel, long fileSize, long start, Compression compression, String sourceName,
            int segmentIndex, MemberObserver observer) throws IOException {
        this.channel = channel;
        this.fileSize = fileSize;
        this.compression = compression;
        this.sourceName = sourceName;
        this.segmentIndex = segmentIndex;
        this.observer = observer;
        open(start);
    }

    private void open(long start) throws IOException {
        memberStart = start;
        // Unbuffered: every decoder reads its raw input through a buffer of its own.
        rawInput = new ChannelInput(channel, start, fileSize);
        // Decompression runs on its own thread, so that parsing overlaps it.
        // A gzip member with flush points is inflated by workers that run ahead of the reader.
        MemberInputStream parallel = compression == Compression.GZIP
                ? ParallelGzip.open(channel, start, fileSize, sourceName, ParallelGzip.threads())
                : null;
        MemberInputStream member = parallel != null ? parallel : compression.newDecoder(rawInput, sourceName, start);
        try {
            observer.opened(segmentIndex, start, member);
        } catch (IOException | RuntimeException e) {
            member.close();
            throw e;
        }
        if (parallel != null) {
            decoder = parallel; // no pipeline needed
            return;
        }
        decoder = new PipelinedInputStream(member);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (!ended) {
            int n = decoder.read(b, off, len);
            if (n > 0) {
                produced += n;
                return n;
            }
            if (n == 0) {
                return 0;
            }
            long end = memberStart + decoder.compressedSize();
            members.add(new Member(memberStart, end - memberStart));
            memberOutputEnds.add(produced);
            decoder.close();
            if (end < fileSize && startsMember(end)) {
                open(end);
            } else {
                ended = true;
            }
        }
        return -1;
    }

    private boolean startsMember(long at) throws IOException {
        byte[] head = ChannelInput.readAt(channel, at, Compression.MAGIC_LENGTH, Long.MAX_VALUE);
        return Compression.detect(head, 0, head.length) == compression;
    }

    /** How far into the file the decoders have read (ahead of what was returned, by their buffers). */
    long rawPosition() {
        long parallel = ParallelGzip.position(decoder);
        if (parallel >= 0) {
            return parallel;
        }
        ChannelInput in = rawInput;
        return in == null ? memberStart : in.position();
    }

    /** The members read so far, in file order. Complete once the stream has ended. */
    List<Member> members() {
        return members;
    }

    /** For each member, the count of decompressed bytes produced when it ended. */
    List<Long> memberOutputEnds() {
        return memberOutputEnds;
    }

    /** Where in the file the chain ended; valid once the stream has ended. */
    long end() {
        return members.isEmpty() ? memberStart : members.get(members.size() - 1).end();
    }

    @Override
    public void close() throws IOException {
        if (decoder != null) {
            decoder.close();
        }
    }
}
