package dev.remaster.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;
import java.util.Objects;

/**
 * An unbuffered stream over a byte range of a file channel, read with positional reads so that
 * several streams can share one channel. Wrap it in a buffer for small reads.
 */
public final class ChannelInput extends BulkInputStream {
    private final FileChannel channel;
    private long position;
    private final long end;

    /**
     * A stream of the bytes {@code [start, end)} of {@code channel}; closing it does not close the
     * channel.
     *
     * @param channel the channel
     * @param start the start
     * @param end the end
     */
    public ChannelInput(FileChannel channel, long start, long end) {
        this.channel = Objects.requireNonNull(channel, "channel");
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("range [" + start + ", " + end + ") is not valid");
        }
        this.position = start;
        this.end = end;
    }

    /**
     * The channel position of the next byte this stream returns.
     *
     * @return the channel position of the next byte this stream returns
     */
    public long position() {
        return position;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        if (position >= end) {
            return -1;
        }
        int want = (int) Math.min(len, end - position);
        int n = channel.read(ByteBuffer.wrap(b, off, want), position);
        if (n < 0) {
            return -1;
        }
        position += n;
        return n;
    }

    @Override
    public long skip(long n) {
        long s = Math.max(0, Math.min(n, end - position));
        position += s;
        return s;
    }

    @Override
    public int available() {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(0, end - position));
    }

    /**
     * Reads up to {@code n} bytes of {@code channel} at {@code at}, never past {@code end}: fewer
     * only where the range or the file ends first. The channel's own position is not used.
     *
     * @param channel the file to read
     * @param at the position of the first byte
     * @param n the most bytes to read
     * @param end the position the read may not pass
     * @return the bytes read, possibly fewer than {@code n}
     * @throws IOException if the channel cannot be read
     */
    public static byte[] readAt(FileChannel channel, long at, int n, long end) throws IOException {
        ByteBuffer b = ByteBuffer.allocate((int) Math.max(0, Math.min(n, end - at)));
        while (b.hasRemaining()) {
            if (channel.read(b, at + b.position()) < 0) {
                break;
            }
        }
        return b.position() == b.capacity() ? b.array() : Arrays.copyOf(b.array(), b.position());
    }
}
