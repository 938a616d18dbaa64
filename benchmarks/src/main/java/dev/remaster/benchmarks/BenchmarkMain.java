package dev.remaster.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs the cpio benchmarks and prints the {@link Summary} table of Remaster against Commons
 * Compress, which it also writes to {@code jmh-summary.md} in the {@link Cache} directory
 * ({@code benchmarks/target/} when run from the built jar).
 *
 * <p>Arguments: {@code --quick} or {@code --full} choose a {@link Profile}; everything else is
 * passed to JMH (for instance {@code -p dataSet=smallfiles}, {@code -f 2}, a benchmark regex,
 * {@code -prof gc}), and JMH's options win over the profile's.
 */
public final class BenchmarkMain {

    /** Run settings; the default is the annotations on {@link CpioBenchmark}. */
    enum Profile {
        /** About two minutes: enough to see the ratios, not to trust small differences. */
        QUICK(1, 2, TimeValue.seconds(1), 3, TimeValue.seconds(1)),
        /** About five minutes on two cores: the class annotations (Fork 1, Warmup 3 x 2 s, Measurement 5 x 2 s). */
        DEFAULT(0, 0, null, 0, null),
        /**
         * The style guide's Fork 3, Warmup 5, Measurement 10, for figures to publish. Iterations last
         * 1 s (the slowest operation takes about 0.4 s) to keep the run near a quarter of an hour.
         */
        FULL(3, 5, TimeValue.seconds(1), 10, TimeValue.seconds(1));

        final int forks;
        final int warmupIterations;
        final TimeValue warmupTime;
        final int measurementIterations;
        final TimeValue measurementTime;

        Profile(int forks, int warmupIterations, TimeValue warmupTime, int measurementIterations,
                TimeValue measurementTime) {
            this.forks = forks;
            this.warmupIterations = warmupIterations;
            this.warmupTime = warmupTime;
            this.measurementIterations = measurementIterations;
            this.measurementTime = measurementTime;
        }

        /** Sets on {@code b} what this profile sets and {@code cmd} does not. */
        void applyTo(ChainedOptionsBuilder b, CommandLineOptions cmd) {
            if (this == DEFAULT) {
                return;
            }
            if (!cmd.getForkCount().hasValue()) {
                b.forks(forks);
            }
            if (!cmd.getWarmupIterations().hasValue()) {
                b.warmupIterations(warmupIterations);
            }
            if (!cmd.getWarmupTime().hasValue()) {
                b.warmupTime(warmupTime);
            }
            if (!cmd.getMeasurementIterations().hasValue()) {
                b.measurementIterations(measurementIterations);
            }
            if (!cmd.getMeasurementTime().hasValue()) {
                b.measurementTime(measurementTime);
            }
        }
    }

    private BenchmarkMain() {
    }

    /**
     * The 1, 5 and 15 minute load averages from /proc/loadavg, or "" where there is none: on a
     * shared machine they say how much the figures can be trusted.
     */
    private static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields.length >= 3 ? fields[0] + " " + fields[1] + " " + fields[2] : "";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Runs the benchmarks, prints the summary and writes it to jmh-summary.md; see above for the arguments. */
    public static void main(String[] args) throws IOException, RunnerException {
        Profile profile = Profile.DEFAULT;
        List<String> jmhArgs = new ArrayList<>();
        for (String arg : args) {
            switch (arg) {
                case "--quick" -> profile = Profile.QUICK;
                case "--full" -> profile = Profile.FULL;
                default -> jmhArgs.add(arg);
            }
        }
        CommandLineOptions cmd;
        try {
            cmd = new CommandLineOptions(jmhArgs.toArray(String[]::new));
        } catch (CommandLineOptionException e) {
            System.err.println("Error parsing the JMH options: " + e.getMessage());
            System.err.println("Run with -h for JMH's options; --quick or --full choose shorter or longer runs.");
            System.exit(2);
            return;
        }
        if (cmd.shouldHelp() || cmd.shouldList() || cmd.shouldListWithParams()
                || cmd.shouldListProfilers() || cmd.shouldListResultFormats()) {
            if (cmd.shouldHelp()) {
                System.out.println("Remaster benchmarks: --quick (about 2 minutes) or --full (Fork 3, Warmup 5,"
                        + " Measurement 10: about 15 minutes), then any JMH options:\n");
            }
            org.openjdk.jmh.Main.main(jmhArgs.toArray(String[]::new));
            return;
        }

        ChainedOptionsBuilder options = new OptionsBuilder().parent(cmd);
        profile.applyTo(options, cmd);
        if (!cmd.getParameter("dataSet").hasValue() && !DataSet.INSTALLER.available()) {
            System.err.println("Note: " + InstallerImage.SOURCE + " is absent: running the smallfiles data set only.");
            options.param("dataSet", DataSet.SMALL_FILES.id());
        }
        String loadBefore = loadAverage();
        Collection<RunResult> results = new Runner(options.build()).run();
        String loadAfter = loadAverage();

        Summary summary = Summary.of(results);
        if (summary.isEmpty()) {
            System.out.println("No throughput results of the cpio benchmarks to summarise.");
            return;
        }
        String markdown = summary.toMarkdown(loadBefore.isEmpty() || loadAfter.isEmpty() ? ""
                : "Load average (1, 5, 15 min) at the start: " + loadBefore + "; at the end: " + loadAfter + ".");
        Path file = Cache.directory().resolve("jmh-summary.md");
        Files.writeString(file, markdown, StandardCharsets.UTF_8);
        System.out.println();
        System.out.println(markdown);
        for (String missing : summary.missing()) {
            System.out.println("No result for " + missing + ": not run, or it failed (see the JMH output above).");
        }
        System.out.println("Written to " + file);
    }
}
