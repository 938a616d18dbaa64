package dev.remaster.benchmarks;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One data set's plain newc archive, held in memory so that the benchmarks measure parsing and
 * not the disk, with the entry count and data byte total every benchmark checks its work against.
 */
@State(Scope.Benchmark)
public class ArchiveData {
    /** Which {@link DataSet}. */
    @Param({"installer", "smallfiles"})
    public String dataSet;

    byte[] plain;
    /** Entries other than trailers. */
    long entries;
    /** The sum of the entries' sizes: what reading every entry's data yields. */
    long dataBytes;

    /** Loads (making it on first use) the archive and counts what it holds. */
    @Setup(Level.Trial)
    public void load() throws IOException {
        plain = Files.readAllBytes(DataSet.named(dataSet).plainArchive());
        try (CpioReader reader = CpioReader.of(new ByteArrayInputStream(plain))) {
            for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                if (!e.isTrailer()) {
                    entries++;
                    dataBytes += e.size();
                }
            }
        }
    }

    /** Fails the benchmark if an operation saw a different number of entries. */
    void checkEntries(long seen) {
        if (seen != entries) {
            throw new IllegalStateException(dataSet + ": " + seen + " entries seen, " + entries + " expected");
        }
    }

    /** Fails the benchmark if an operation read a different number of data bytes. */
    void checkDataBytes(long read) {
        if (read != dataBytes) {
            throw new IllegalStateException(dataSet + ": " + read + " data bytes read, " + dataBytes + " expected");
        }
    }
}
