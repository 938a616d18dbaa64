package dev.remaster.reproducible;

import dev.remaster.internal.ChannelInput;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * A temporary file that holds the data of entries from compressed segments, so that they can be
 * read back in any order without decompressing the segment again. Created on the first append,
 * deleted on close.
 */
final class DataSpool implements Closeable {
    private final byte[] buffer = new byte[64 * 1024];
    private Path file;
    private FileChannel channel;
    private long size;

    /** Appends exactly {@code length} bytes of {@code data}; returns where they start in the spool. */
    long append(InputStream data, long length) throws IOException {
        if (channel == null) {
            file = Files.createTempFile("remaster-reproducible-", ".spool");
            channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE,
                    StandardOpenOption.DELETE_ON_CLOSE);
        }
        long start = size;
        long left = length;
        while (left > 0) {
            int n = data.read(buffer, 0, (int) Math.min(left, buffer.length));
            if (n < 0) {
                throw new IOException("entry data ended " + left + " bytes early while spooling");
            }
            ByteBuffer b = ByteBuffer.wrap(buffer, 0, n);
            while (b.hasRemaining()) {
                size += channel.write(b, size);
            }
            left -= n;
        }
        return start;
    }

    /** The {@code length} bytes spooled at {@code offset}. */
    InputStream open(long offset, long length) {
        return new ChannelInput(channel, offset, offset + length);
    }

    @Override
    public void close() throws IOException {
        try {
            if (channel != null) {
                channel.close();
            }
        } finally {
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }
    }
}
