package dev.remaster.image;

import dev.remaster.compress.Compression;
import dev.remaster.internal.ChannelInput;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;

/** Opens the cpio bytes of a segment of an image file: raw for a plain one, decompressed otherwise. */
public final class SegmentStreams {
    private SegmentStreams() {
    }

    /**
     * The cpio bytes of {@code segment} of the file open on {@code channel}, from the start. The
     * stream does not close the channel.
     *
     * @param channel the channel
     * @param segment the segment
     * @param sourceName the name of the input, for messages
     * @return the cpio bytes of {@code segment} of the file open on {@code channel}, from the start
     * @throws IOException if reading or writing fails
     */
    public static InputStream cpioBytes(FileChannel channel, ArchiveSegment segment, String sourceName)
            throws IOException {
        if (segment.compression() == Compression.NONE) {
            return new ChannelInput(channel, segment.offset(), segment.end());
        }
        return new MemberChain(channel, segment.end(), segment.offset(), segment.compression(), sourceName);
    }
}
