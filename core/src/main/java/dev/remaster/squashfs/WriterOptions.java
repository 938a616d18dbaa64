package dev.remaster.squashfs;

/**
 * How {@link SquashfsWriter} builds an image. {@link #tinyCore()} gives Tiny Core's conventions:
 * gzip, 4 KiB blocks, fragments for files smaller than a block, compressed tables, no xattrs.
 *
 * @param compressor the compressor of every block
 * @param blockSize the data block size, a power of two from 4 KiB to 1 MiB
 * @param fragments whether files smaller than a block are packed into fragment blocks
 * @param alwaysFragments whether the tails of larger files go to fragments too
 * @param modificationTime the superblock's time, seconds since the epoch
 * @param threads how many threads compress data blocks (the output is the same for any number)
 */
public record WriterOptions(Compressor compressor, int blockSize, boolean fragments, boolean alwaysFragments,
        long modificationTime, int threads) {

    /**
     * Checks the values.
     *
     * @param compressor the compressor
     * @param blockSize the block size
     * @param fragments the fragments
     * @param alwaysFragments the always fragments
     * @param modificationTime the modification time
     * @param threads the number of threads (at least 1)
     */
    public WriterOptions {
        if (compressor == null) {
            throw new IllegalArgumentException("compressor is required");
        }
        if (blockSize < 4096 || blockSize > 1 << 20 || Integer.bitCount(blockSize) != 1) {
            throw new IllegalArgumentException("block size " + blockSize + " is not a power of two from 4096 to 1048576");
        }
        if (modificationTime < 0 || modificationTime > 0xffffffffL) {
            throw new IllegalArgumentException("modification time " + modificationTime + " does not fit 32 bits");
        }
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1");
        }
    }

    /**
     * Tiny Core's conventions, with the time from {@code SOURCE_DATE_EPOCH} when it is set (0
     * otherwise) and one thread per processor.
     *
     * @return Tiny Core's conventions, with the time from {@code SOURCE_DATE_EPOCH} when it is set (0 otherwise) and one thread per processor
     */
    public static WriterOptions tinyCore() {
        long time = 0;
        String epoch = System.getenv("SOURCE_DATE_EPOCH");
        if (epoch != null && epoch.matches("[0-9]{1,10}")) {
            time = Math.min(Long.parseLong(epoch), 0xffffffffL);
        }
        return new WriterOptions(Compressor.GZIP, 4096, true, false, time, Runtime.getRuntime().availableProcessors());
    }

    /**
     * A copy with another compressor.
     *
     * @param c the compressor of data, fragment and metadata blocks
     * @return a copy with another compressor
     */
    public WriterOptions withCompressor(Compressor c) {
        return new WriterOptions(c, blockSize, fragments, alwaysFragments, modificationTime, threads);
    }

    /**
     * A copy with another block size.
     *
     * @param size the size in bytes
     * @return a copy with another block size
     */
    public WriterOptions withBlockSize(int size) {
        return new WriterOptions(compressor, size, fragments, alwaysFragments, modificationTime, threads);
    }

    /**
     * A copy with fragments on or off and tails of large files in fragments or not.
     *
     * @param on whether small files and tails share fragment blocks
     * @param always whether the tails of files larger than a block go to fragments too
     * @return a copy with fragments on or off and tails of large files in fragments or not
     */
    public WriterOptions withFragments(boolean on, boolean always) {
        return new WriterOptions(compressor, blockSize, on, always, modificationTime, threads);
    }

    /**
     * A copy with another superblock time.
     *
     * @param time the superblock's modification time, seconds since the epoch
     * @return a copy with another superblock time
     */
    public WriterOptions withModificationTime(long time) {
        return new WriterOptions(compressor, blockSize, fragments, alwaysFragments, time, threads);
    }

    /**
     * A copy with another number of compressing threads.
     *
     * @param n how many threads compress blocks, at least 1
     * @return a copy with another number of compressing threads
     */
    public WriterOptions withThreads(int n) {
        return new WriterOptions(compressor, blockSize, fragments, alwaysFragments, modificationTime, n);
    }
}
