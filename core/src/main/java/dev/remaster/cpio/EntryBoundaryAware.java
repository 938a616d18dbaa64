package dev.remaster.cpio;

import java.io.IOException;

/**
 * An output stream that wants to know where the cpio entries written to it end, so that it can
 * cut its output there (a chunked compressor cuts independent chunks only between whole entries).
 *
 * <p>{@link CpioWriter} calls {@link #entryBoundary()} on its output after each entry, padding
 * included (and after a trailer's block padding), once every byte of that entry has been passed
 * to the stream's {@code write} methods. The next byte written, if any, starts an entry header.
 */
public interface EntryBoundaryAware {
    /** Everything written so far ends at a whole entry. */
    void entryBoundary() throws IOException;
}
