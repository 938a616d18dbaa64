package dev.remaster.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * What one QEMU boot printed on its serial console and how it ended.
 *
 * @param lines the console output, one element per line, carriage returns removed
 * @param end why the run stopped
 * @param elapsed from starting QEMU to its end
 * @param consoleLog the file the console output was copied to as it came
 * @param qemuErrors what QEMU itself wrote to its standard error
 * @param command the QEMU command line, for failure messages
 */
record BootResult(List<String> lines, End end, Duration elapsed, Path consoleLog, String qemuErrors,
        List<String> command) {

    /** Why a boot run stopped. */
    enum End {
        /** The marker line was printed; QEMU was then stopped. */
        MARKER,
        /** The kernel panicked (it printed {@code Kernel panic - not syncing}) and the marker was not printed. */
        PANIC,
        /** QEMU exited by itself: the guest powered off, or rebooted under {@code -no-reboot}. */
        EXITED,
        /** Nothing of the above within the time limit; QEMU was killed. */
        TIMEOUT
    }

    /** Number of console lines a failure message shows. */
    static final int TAIL_LINES = 40;

    /** Whether the console printed exactly {@code line} as a whole line. */
    boolean printed(String line) {
        return lines.contains(line);
    }

    /**
     * The lines printed strictly between the first line equal to {@code begin} and the next line
     * equal to {@code end}; empty when either is missing.
     */
    List<String> between(String begin, String end) {
        int from = lines.indexOf(begin);
        if (from < 0) {
            return List.of();
        }
        int to = lines.subList(from + 1, lines.size()).indexOf(end);
        return to < 0 ? List.of() : lines.subList(from + 1, from + 1 + to);
    }

    /** The last {@code n} console lines, joined with newlines. */
    String tail(int n) {
        return String.join("\n", lines.subList(Math.max(0, lines.size() - n), lines.size()));
    }

    /** A failure description: how the boot ended, the command, and the last console lines. */
    String describe() {
        StringBuilder b = new StringBuilder();
        b.append("boot ended by ").append(end).append(" after ")
                .append(String.format("%.1f s", elapsed.toMillis() / 1000.0))
                .append("\ncommand: ").append(String.join(" ", command))
                .append("\nconsole log: ").append(consoleLog);
        if (!qemuErrors.isBlank()) {
            b.append("\nqemu stderr: ").append(qemuErrors.strip());
        }
        b.append("\n---- last ").append(Math.min(TAIL_LINES, lines.size())).append(" of ").append(lines.size())
                .append(" console lines ----\n").append(tail(TAIL_LINES)).append("\n----");
        // A panic's call trace can push its first line out of the tail: say it whatever follows.
        int tailStart = Math.max(0, lines.size() - TAIL_LINES);
        for (int i = 0; i < tailStart; i++) {
            if (lines.get(i).contains(QemuBoot.PANIC)) {
                b.append("\nconsole line ").append(i + 1).append(": ").append(lines.get(i));
                break;
            }
        }
        return b.toString();
    }
}
