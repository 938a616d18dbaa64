package dev.remaster.internal;

import java.io.IOException;

/**
 * An output stream that wants to know where the entries of an archive written to it end, so that
 * it can cut its output there (a chunked compressor cuts independent chunks only between whole
 * entries). It lives below both the archive and the codec packages so that neither knows the other.
 *
 * <p>An archive writer (the cpio writer does) calls {@link #entryBoundary()} on its output after
 * each entry, padding included, once every byte of that entry has been passed to the stream's
 * {@code write} methods. The next byte written, if any, starts an entry header.
 */
public interface EntryBoundaryAware {
    /**
     * Everything written so far ends at a whole entry.
     *
     * @throws IOException if reading or writing fails
     */
    void entryBoundary() throws IOException;
}
