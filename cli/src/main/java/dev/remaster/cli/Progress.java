package dev.remaster.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * A progress bar on standard error: bytes done of total, rate and time left, redrawn in place.
 * It appears only when standard error is a terminal, the work lasts longer than a second, and
 * {@code --quiet} was not given; otherwise it is silent. Close it when the work ends.
 */
final class Progress implements AutoCloseable {
    private static final long DELAY_MILLIS = 1000;
    private static final long PERIOD_MILLIS = 200;

    private final Thread thread;
    private volatile boolean done;
    private boolean drawn;
    private final PrintWriter clear;

    private Progress(PrintWriter err, String label, long total, LongSupplier bytesDone) {
        this.clear = err;
        long start = System.nanoTime();
        thread = new Thread(() -> {
            try {
                Thread.sleep(DELAY_MILLIS);
                while (!done) {
                    draw(err, label, total, bytesDone.getAsLong(), (System.nanoTime() - start) / 1e9);
                    Thread.sleep(PERIOD_MILLIS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "remaster-progress");
        thread.setDaemon(true);
    }

    /** Starts a bar for {@code total} bytes, or a silent one when stderr is not a terminal or when quiet. */
    static Progress start(PrintWriter err, boolean quiet, String label, long total, LongSupplier bytesDone) {
        Progress p = new Progress(err, label, total, bytesDone);
        if (!quiet && total > 0 && stderrIsTerminal()) {
            p.thread.start();
        }
        return p;
    }

    /**
     * Starts a line for work whose size is not known in advance (an edit, a tree to archive): the
     * time so far and, when {@code bytesDone} is given, the bytes done; silent as {@link #start} is.
     */
    static Progress working(PrintWriter err, boolean quiet, String label, LongSupplier bytesDone) {
        Progress p = new Progress(err, label, -1, bytesDone != null ? bytesDone : () -> -1);
        if (!quiet && stderrIsTerminal()) {
            p.thread.start();
        }
        return p;
    }

    private synchronized void draw(PrintWriter err, String label, long total, long done, double seconds) {
        if (this.done) {
            return;
        }
        if (total <= 0) {
            err.printf(Locale.ROOT, "\r%s: working, %s%s ", label, formatSeconds(seconds),
                    done >= 0 ? ", " + size(done) + " done" : "");
            err.flush();
            drawn = true;
            return;
        }
        double fraction = Math.min(1.0, Math.max(0, (double) done / total));
        int width = 30;
        int filled = (int) (fraction * width);
        double rate = seconds > 0 ? done / seconds : 0;
        String left = rate > 0 && fraction < 1 ? formatSeconds((total - done) / rate) : "--";
        err.printf(Locale.ROOT, "\r%s [%s%s] %3.0f%% %s of %s, %s/s, %s left ", label,
                "#".repeat(filled), "-".repeat(width - filled), fraction * 100, size(done), size(total), size((long) rate), left);
        err.flush();
        drawn = true;
    }

    /** Stops the bar and clears its line. */
    @Override
    public void close() {
        done = true;
        thread.interrupt();
        synchronized (this) {
            if (drawn) {
                clear.print("\r" + " ".repeat(110) + "\r");
                clear.flush();
                drawn = false;
            }
        }
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.1f %s", v, units[u]);
    }

    private static String formatSeconds(double s) {
        long t = Math.round(s);
        return t >= 60 ? (t / 60) + "m" + (t % 60) + "s" : t + "s";
    }

    /** Whether file descriptor 2 is a terminal, judged by what /proc says it is. */
    static boolean stderrIsTerminal() {
        try {
            Path fd = Path.of("/proc/self/fd/2");
            if (!Files.isSymbolicLink(fd)) {
                return false;
            }
            String target = Files.readSymbolicLink(fd).toString();
            return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
        } catch (Exception e) {
            return false;
        }
    }
}
