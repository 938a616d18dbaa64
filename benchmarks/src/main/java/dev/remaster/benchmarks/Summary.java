package dev.remaster.benchmarks;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;

/**
 * The libraries side by side: for each benchmark and data set, each library's throughput in MB/s
 * (from the {@link ByteCounter} rate JMH measured) and Remaster's over Commons Compress's, as a
 * Markdown table.
 */
final class Summary {
    /** A library, by its {@code library} parameter. */
    enum Library {
        REMASTER(RemasterLibrary.ID, "Remaster"),
        COMMONS_COMPRESS(CommonsCompressLibrary.ID, "Commons Compress");

        final String id;
        final String title;

        Library(String id, String title) {
            this.id = id;
            this.title = title;
        }
    }

    /**
     * MB/s with JMH's 99.9% confidence half-width (NaN when there were too few iterations), and MB
     * per CPU-second of the benchmark thread (NaN when the JVM could not measure CPU time).
     */
    record Throughput(double megabytesPerSecond, double error, double megabytesPerCpuSecond) {
    }

    private record Row(String benchmark, String dataSet) {
    }

    private static final List<String> BENCHMARK_ORDER =
            List.of("list (k entries/s)", "readAll", "copy", "gzipUnpackAndParse");
    private static final Comparator<Row> ROW_ORDER = Comparator
            .comparingInt((Row r) -> rank(BENCHMARK_ORDER.indexOf(r.benchmark)))
            .thenComparing(Row::benchmark)
            .thenComparingInt(r -> rank(dataSetIndex(r.dataSet)))
            .thenComparing(Row::dataSet);

    private final Map<Row, Map<Library, Throughput>> rows = new TreeMap<>(ROW_ORDER);
    private BenchmarkParams settings;

    private Summary() {
    }

    /** The summary of {@code results}; results of other benchmarks or modes are left out. */
    static Summary of(Collection<RunResult> results) {
        Summary summary = new Summary();
        for (RunResult result : results) {
            summary.add(result);
        }
        return summary;
    }

    boolean isEmpty() {
        return rows.isEmpty();
    }

    private void add(RunResult result) {
        BenchmarkParams params = result.getParams();
        String prefix = CpioBenchmark.class.getName() + ".";
        if (!params.getBenchmark().startsWith(prefix)) {
            return;
        }
        // Listing is counted in thousands of entries, everything else in MB of archive.
        boolean listing = params.getBenchmark().endsWith(".list");
        Result<?> bytes = result.getSecondaryResults().get(listing ? "entries" : "bytes");
        double unit = listing ? 1e3 : 1e6;
        if (params.getMode() != Mode.Throughput || bytes == null) {
            return;
        }
        for (Library library : Library.values()) {
            if (library.id.equals(params.getParam("library"))) {
                // The rate is per the output time unit; make it per second.
                double perSecond = 1e9 / params.getTimeUnit().toNanos(1);
                Result<?> cpu = result.getSecondaryResults().get("cpuNanos");
                // bytes and cpuNanos are both rates per unit of wall time: their ratio is bytes per CPU nanosecond.
                double perCpuSecond = cpu == null || cpu.getScore() <= 0 ? Double.NaN
                        : bytes.getScore() / cpu.getScore() * 1e9 / unit;
                Throughput t = new Throughput(bytes.getScore() * perSecond / unit,
                        bytes.getScoreError() * perSecond / unit, perCpuSecond);
                String name = params.getBenchmark().substring(prefix.length());
                Row row = new Row(listing ? name + " (k entries/s)" : name, params.getParam("dataSet"));
                rows.computeIfAbsent(row, r -> new EnumMap<>(Library.class)).put(library, t);
                settings = params;
            }
        }
    }

    /**
     * The table with a heading saying when, where and how it was measured; {@code conditions}, if
     * not empty, is a sentence added to the heading (such as the machine's load).
     */
    String toMarkdown(String conditions) {
        StringBuilder md = new StringBuilder();
        md.append("# Remaster vs Apache Commons Compress: cpio throughput\n\n");
        md.append("Measured ").append(ZonedDateTime.now().format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append(" on ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs (nproc), ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.arch"));
        if (settings != null) {
            md.append(", ").append(settings.getVmName()).append(' ').append(settings.getVmVersion())
                    .append(", JMH ").append(settings.getJmhVersion()).append(".\n")
                    .append("Forks ").append(settings.getForks())
                    .append(", warmup ").append(settings.getWarmup().getCount()).append(" x ")
                    .append(settings.getWarmup().getTime())
                    .append(", measurement ").append(settings.getMeasurement().getCount()).append(" x ")
                    .append(settings.getMeasurement().getTime());
        }
        md.append(".\n");
        if (!conditions.isEmpty()) {
            md.append(conditions).append('\n');
        }
        md.append('\n');
        md.append("Listing is in thousands of entries per second (it skips the data, so bytes per second would say\n")
                .append("nothing); the other rows in MB/s. ")
                .append("MB/s = 10^6 bytes of uncompressed newc archive per second of wall time (for gzipUnpackAndParse\n")
                .append("too: the decompressed size); +/- is JMH's 99.9% confidence half-width. MB/CPU-s divides by the\n")
                .append("benchmark thread's CPU time instead (GC and JIT threads left out): when other processes share\n")
                .append("the machine it is the steadier figure. Ratios are Remaster / Commons Compress.\n\n");
        md.append("| Benchmark | Data set | Remaster per s | Commons Compress per s | Ratio "
                + "| Remaster per CPU-s | Commons Compress per CPU-s | Ratio (CPU) |\n");
        md.append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<Row, Map<Library, Throughput>> e : rows.entrySet()) {
            Throughput ours = e.getValue().get(Library.REMASTER);
            Throughput theirs = e.getValue().get(Library.COMMONS_COMPRESS);
            md.append("| ").append(e.getKey().benchmark).append(" | ").append(e.getKey().dataSet)
                    .append(" | ").append(cell(ours)).append(" | ").append(cell(theirs))
                    .append(" | ").append(ratio(ours, theirs, Throughput::megabytesPerSecond))
                    .append(" | ").append(cpuCell(ours)).append(" | ").append(cpuCell(theirs))
                    .append(" | ").append(ratio(ours, theirs, Throughput::megabytesPerCpuSecond))
                    .append(" |\n");
        }
        return md.toString();
    }

    /** The rows where one library has no result (its benchmark failed), as "Library benchmark on data set". */
    List<String> missing() {
        List<String> missing = new ArrayList<>();
        for (Map.Entry<Row, Map<Library, Throughput>> e : rows.entrySet()) {
            for (Library library : Library.values()) {
                if (!e.getValue().containsKey(library)) {
                    missing.add(library.title + " " + e.getKey().benchmark + " on " + e.getKey().dataSet);
                }
            }
        }
        return missing;
    }

    private static String cell(Throughput t) {
        if (t == null) {
            return "-";
        }
        return Double.isNaN(t.error)
                ? String.format(Locale.ROOT, "%.1f", t.megabytesPerSecond)
                : String.format(Locale.ROOT, "%.1f +/- %.1f", t.megabytesPerSecond, t.error);
    }

    private static String cpuCell(Throughput t) {
        return t == null || Double.isNaN(t.megabytesPerCpuSecond) ? "-"
                : String.format(Locale.ROOT, "%.1f", t.megabytesPerCpuSecond);
    }

    private static String ratio(Throughput ours, Throughput theirs, ToDoubleFunction<Throughput> figure) {
        if (ours == null || theirs == null) {
            return "-";
        }
        double r = figure.applyAsDouble(ours) / figure.applyAsDouble(theirs);
        return Double.isNaN(r) ? "-" : String.format(Locale.ROOT, "%.2fx", r);
    }

    private static int rank(int index) {
        return index < 0 ? Integer.MAX_VALUE : index;
    }

    private static int dataSetIndex(String id) {
        for (DataSet d : DataSet.values()) {
            if (d.id().equals(id)) {
                return d.ordinal();
            }
        }
        return -1;
    }
}
