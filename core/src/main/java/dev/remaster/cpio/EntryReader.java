package dev.remaster.cpio;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;

/**
 * Anything that hands out cpio entries one by one with their data: a {@link CpioReader} over one
 * stream, or an image reader over every segment of an initramfs file.
 */
public interface EntryReader extends Closeable {
    /**
     * The next entry (trailers included), or {@code null} after the last one.
     *
     * @return the next entry (trailers included), or {@code null} after the last one
     * @throws IOException if reading or writing fails
     */
    CpioEntry next() throws IOException;

    /**
     * The data of the entry {@link #next()} returned last, read as asked; valid until the next call.
     *
     * @return the data of the entry {@link #next()} returned last, read as asked; valid until the next call
     */
    InputStream data();
}
