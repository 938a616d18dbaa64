package dev.remaster.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;

/**
 * An output stream that can take a file's bytes straight from the file, without passing them
 * through a buffer in Java: the kernel copies them ({@link FileChannel#transferTo}, which uses
 * {@code sendfile} or {@code copy_file_range}). The cpio writer uses it for the data of a file
 * written uncompressed into a file. The stream holds no bytes of its own in a buffer: what was
 * written before lies before the transferred bytes.
 */
public interface FileDataSink {
    /**
     * Writes {@code count} bytes of {@code source} from {@code position}, as if they were passed to
     * {@code write}.
     *
     * @param source the file read (its own position is not changed)
     * @param position where in {@code source} to start
     * @param count how many bytes to write
     * @return the bytes written: fewer than {@code count} only if {@code source} ended first
     * @throws IOException if reading or writing fails
     */
    long transferFrom(FileChannel source, long position, long count) throws IOException;
}
