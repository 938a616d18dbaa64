package dev.remaster.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * A compressing stream written in independent chunks that can also take a chunk compressed
 * earlier, copied from another segment of the same codec, between the data written to it.
 */
public interface ChunkedOutput {
    /**
     * Copies {@code chunk}'s compressed bytes from {@code source} into the stream, after what was
     * written so far (which is first ended as a chunk of its own).
     *
     * @param source the file holding the chunk
     * @param chunk a verified independent chunk of a segment of this stream's codec in {@code source}
     * @throws IOException if reading or writing fails, or the chunk is not of this codec
     */
    void copyChunk(FileChannel source, ChunkSpan chunk) throws IOException;
}
