package dev.remaster.squashfs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.NonWritableChannelException;
import java.nio.channels.SeekableByteChannel;

/**
 * A regular file of a squashfs image, readable at any position: the block that holds the position
 * is found from the block sizes, decompressed, and kept for the reads that follow.
 */
final class SquashfsFileChannel implements SeekableByteChannel {
    private final SquashfsFileSystem fs;
    private final Inode file;
    private final long[] blockStarts;
    private final int blockSize;
    private final byte[] block;
    private long cachedBlock = -1;
    private int cachedLength;
    private long position;
    private boolean open = true;

    SquashfsFileChannel(SquashfsFileSystem fs, Inode file) {
        this.fs = fs;
        this.file = file;
        int[] sizes = file.blockSizes();
        this.blockStarts = new long[sizes.length];
        long at = file.blocksStart();
        for (int i = 0; i < sizes.length; i++) {
            blockStarts[i] = at;
            at += sizes[i] & 0xffffff;
        }
        this.blockSize = fs.reader().superblock().blockSize();
        this.block = new byte[blockSize];
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        ensureOpen();
        if (position >= file.size()) {
            return -1;
        }
        int total = 0;
        while (dst.hasRemaining() && position < file.size()) {
            long index = position / blockSize;
            int within = (int) (position % blockSize);
            byte[] data;
            int offset;
            int length;
            synchronized (fs.reader()) {
                if (index < blockStarts.length) {
                    if (cachedBlock != index) {
                        int expected = (int) Math.min(blockSize, file.size() - index * blockSize);
                        cachedLength = fs.reader().dataBlock(file, blockStarts[(int) index],
                                file.blockSizes()[(int) index], expected, block);
                        cachedBlock = index;
                    }
                    data = block;
                    offset = within;
                    length = cachedLength - within;
                } else {
                    data = fs.reader().fragmentBlock(file.fragment());
                    offset = (int) file.offset() + within;
                    length = (int) (file.size() - position);
                    if (offset + length > data.length) {
                        throw new SquashfsFormatException(fs.image().toString(), fs.reader().superblock().fragmentTableStart(),
                                "inode " + file.number(), "tail of the file is past the end of fragment " + file.fragment());
                    }
                }
            }
            int n = Math.min(length, dst.remaining());
            if (n <= 0) {
                break;
            }
            dst.put(data, offset, n);
            position += n;
            total += n;
        }
        return total;
    }

    @Override
    public int write(ByteBuffer src) {
        throw new NonWritableChannelException();
    }

    @Override
    public long position() throws IOException {
        ensureOpen();
        return position;
    }

    @Override
    public SeekableByteChannel position(long newPosition) throws IOException {
        ensureOpen();
        if (newPosition < 0) {
            throw new IllegalArgumentException("negative position " + newPosition);
        }
        position = newPosition;
        return this;
    }

    @Override
    public long size() throws IOException {
        ensureOpen();
        return file.size();
    }

    @Override
    public SeekableByteChannel truncate(long size) {
        throw new NonWritableChannelException();
    }

    @Override
    public boolean isOpen() {
        return open && fs.isOpen();
    }

    @Override
    public void close() {
        open = false;
    }

    private void ensureOpen() throws ClosedChannelException {
        if (!isOpen()) {
            throw new ClosedChannelException();
        }
    }
}
