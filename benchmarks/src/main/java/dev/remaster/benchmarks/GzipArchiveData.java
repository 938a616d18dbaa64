package dev.remaster.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** The same data set gzip-compressed (java.util.zip, level 6), held in memory. */
@State(Scope.Benchmark)
public class GzipArchiveData {
    byte[] compressed;

    /** Loads (making it on first use) the compressed copy of {@code data}'s archive. */
    @Setup(Level.Trial)
    public void load(ArchiveData data) throws IOException {
        compressed = Files.readAllBytes(DataSet.named(data.dataSet).gzipArchive());
    }
}
