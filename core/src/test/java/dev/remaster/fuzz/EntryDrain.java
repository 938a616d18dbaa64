package dev.remaster.fuzz;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.EntryReader;

import java.io.IOException;
import java.io.InputStream;

/**
 * Reads every entry of an {@link EntryReader} and all of its data, checking what a reader promises
 * of each entry: its data stream gives exactly {@link CpioEntry#size()} bytes, then end of stream.
 */
final class EntryDrain {
    private final byte[] buffer = new byte[16 * 1024];

    /** What a complete read found. */
    record Totals(long entries, long trailers, long dataBytes) {
    }

    /**
     * Reads {@code reader} to its end. With {@code readData} false the data is left for
     * {@link EntryReader#next()} to skip.
     */
    Totals drain(EntryReader reader, boolean readData) throws IOException {
        long entries = 0;
        long trailers = 0;
        long dataBytes = 0;
        for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
            if (e.isTrailer()) {
                trailers++;
                continue;
            }
            entries++;
            if (readData) {
                long n = readAll(reader.data());
                if (n != e.size()) {
                    throw new AssertionError(e.name() + ": data gave " + n + " bytes, header says " + e.size());
                }
                dataBytes += n;
            }
        }
        if (reader.next() != null) {
            throw new AssertionError("next() returned an entry after returning null");
        }
        return new Totals(entries, trailers, dataBytes);
    }

    /** Reads {@code in} to its end, returning how many bytes it gave. */
    long readAll(InputStream in) throws IOException {
        long total = 0;
        for (int n; (n = in.read(buffer)) >= 0; ) {
            if (n == 0) {
                throw new AssertionError("read returned 0 for a non-empty buffer");
            }
            total += n;
        }
        return total;
    }
}
