package dev.remaster.boot;

import dev.remaster.testing.Peers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;


/**
 * Boots a kernel and an initramfs in QEMU under software emulation and reads the serial console.
 *
 * <pre>{@code
 * BootResult r = QemuBoot.of(kernel, initrd).memory(512).run("REMASTER-BOOT-OK gzip", tempDir);
 * assertTrue(r.printed("REMASTER-BOOT-OK gzip"), r::describe);
 * }</pre>
 *
 * <p>The guest's console is the first serial port, which QEMU connects to its standard output; a
 * reader thread copies it to a log file as it comes and watches each line. The run stops as soon
 * as the marker line is printed (QEMU is then killed: nothing after it matters), when QEMU exits
 * by itself (the guest powered off, or rebooted, which {@code -no-reboot} turns into an exit;
 * {@code panic=-1} makes a kernel panic reboot at once), when a panic report ends, or at the time
 * limit. On a stop QEMU and any process it started are killed.
 *
 * <p>The accelerator is TCG, software emulation, so that the tests behave the same on machines
 * without KVM (CI runners).
 */
final class QemuBoot {
    /** The QEMU system emulator for x86-64 guests (Debian package qemu-system-x86). */
    static final String QEMU = "qemu-system-x86_64";

    /** The kernel's first line of a panic report. */
    static final String PANIC = "Kernel panic - not syncing";

    /**
     * The last line of a panic report, printed only when the kernel does not reboot at once
     * (without {@code panic=-1}); a run then stops here rather than at the time limit.
     */
    private static final String PANIC_END = "---[ end Kernel panic";

    private final Path qemu;
    private final Path kernel;
    private final Path initrd;
    private int memoryMiB = 512;
    private String append = "";
    private Duration timeout = Duration.ofSeconds(120);

    private QemuBoot(Path qemu, Path kernel, Path initrd) {
        this.qemu = qemu;
        this.kernel = kernel;
        this.initrd = initrd;
    }

    /** A boot of {@code initrd} with {@code kernel}, or skips the test when QEMU is not installed. */
    static QemuBoot of(BootKernel kernel, Path initrd) {
        Peers.assumePeer(QEMU);
        return new QemuBoot(Peers.find(QEMU).orElseThrow(), kernel.image(), initrd);
    }

    /** Guest memory in MiB (512 unless set). */
    QemuBoot memory(int mib) {
        this.memoryMiB = mib;
        return this;
    }

    /** Kernel parameters added after {@code console=ttyS0 panic=-1}. */
    QemuBoot append(String parameters) {
        this.append = parameters;
        return this;
    }

    /** The longest the run may take before QEMU is killed (120 s unless set). */
    QemuBoot timeout(Duration limit) {
        this.timeout = limit;
        return this;
    }

    /** The QEMU command line this boot runs. */
    List<String> command() {
        return List.of(qemu.toString(),
                "-accel", "tcg", "-m", Integer.toString(memoryMiB), "-smp", "1",
                "-nodefaults", "-display", "none", "-no-reboot", "-serial", "stdio",
                "-kernel", kernel.toString(), "-initrd", initrd.toString(),
                "-append", ("console=ttyS0 panic=-1 " + append).strip());
    }

    /**
     * Boots, and returns once {@code marker} is printed as a whole line or the run ends otherwise
     * (see the class comment). The console is copied to a file in {@code logDir}.
     */
    BootResult run(String marker, Path logDir) throws IOException, InterruptedException {
        Path log = logDir.resolve(initrd.getFileName() + ".console.log");
        Path errors = logDir.resolve(initrd.getFileName() + ".qemu-stderr.log");
        List<String> command = command();
        long start = System.nanoTime();
        Process process = new ProcessBuilder(command)
                .redirectInput(ProcessBuilder.Redirect.PIPE)
                .redirectError(errors.toFile())
                .start();
        ConsoleReader console = new ConsoleReader(process.getInputStream(), log, marker);
        Thread reader = new Thread(console, "qemu-console " + initrd.getFileName());
        reader.setDaemon(true);
        reader.start();
        boolean timedOut = false;
        Duration elapsed;
        try {
            CompletableFuture.anyOf(console.stop, process.onExit())
                    .get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            timedOut = true;
        } catch (ExecutionException e) {
            throw new IOException("waiting for " + QEMU, e.getCause());
        } finally {
            elapsed = Duration.ofNanos(System.nanoTime() - start);
            destroyTree(process);
            reader.join(TimeUnit.SECONDS.toMillis(10));
            process.getOutputStream().close();
        }
        if (console.failure != null) {
            throw new IOException("copying the console to " + log, console.failure);
        }
        List<String> lines = console.lines();
        BootResult.End end = lines.contains(marker) ? BootResult.End.MARKER
                : lines.stream().anyMatch(l -> l.contains(PANIC)) ? BootResult.End.PANIC
                : timedOut ? BootResult.End.TIMEOUT
                : BootResult.End.EXITED;
        // One line per boot in the test output, to follow boot times on CI.
        System.out.printf("qemu boot of %s with %s: %s after %.1f s%n", initrd.getFileName(), kernel.getFileName(),
                end, elapsed.toMillis() / 1000.0);
        String qemuErrors = Files.exists(errors) ? Files.readString(errors, StandardCharsets.UTF_8) : "";
        return new BootResult(lines, end, elapsed, log, qemuErrors, command);
    }

    private static void destroyTree(Process process) throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** Copies the console to the log and to a list of lines, and completes {@link #stop} at the marker or a panic. */
    private static final class ConsoleReader implements Runnable {
        final CompletableFuture<Void> stop = new CompletableFuture<>();
        private final InputStream in;
        private final Path log;
        private final String marker;
        private final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        volatile IOException failure;

        ConsoleReader(InputStream in, Path log, String marker) {
            this.in = in;
            this.log = log;
            this.marker = marker;
        }

        List<String> lines() {
            synchronized (lines) {
                List<String> all = new ArrayList<>(lines);
                if (line.size() > 0) {
                    all.addAll(splitKernelMessages(current()));
                }
                return List.copyOf(all);
            }
        }

        private String current() {
            return line.toString(StandardCharsets.UTF_8).replace("\r", "");
        }

        @Override
        public void run() {
            byte[] buf = new byte[8192];
            try (OutputStream out = Files.newOutputStream(log)) {
                for (int n; (n = read(buf)) > 0; ) {
                    out.write(buf, 0, n);
                    out.flush();
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == '\n') {
                            endLine();
                        } else {
                            synchronized (lines) {
                                line.write(buf[i]);
                            }
                        }
                    }
                }
            } catch (IOException e) {
                failure = e;
            } finally {
                stop.complete(null);
            }
        }

        private int read(byte[] buf) {
            try {
                return in.read(buf);
            } catch (IOException e) {
                return -1; // the pipe breaks when QEMU is killed
            }
        }

        private void endLine() {
            List<String> split;
            synchronized (lines) {
                split = splitKernelMessages(current());
                lines.addAll(split);
                line.reset();
            }
            for (String s : split) {
                if (s.equals(marker) || s.contains(PANIC_END)) {
                    stop.complete(null);
                }
            }
        }
    }

    /** A kernel message's timestamp, {@code [    1.995081] }. */
    private static final Pattern KERNEL_TIMESTAMP = Pattern.compile("\\[ *\\d+\\.\\d{6}\\] ");

    /**
     * {@code line} cut before each kernel message that does not start it: the kernel prints on the
     * console whenever it likes, so a message can land right after a line init has written but not
     * yet ended ({@code osrelease 6.1.0[    1.99] tsc: ...}), which then would not read as init's line.
     */
    static List<String> splitKernelMessages(String line) {
        List<String> parts = new ArrayList<>();
        Matcher m = KERNEL_TIMESTAMP.matcher(line);
        int start = 0;
        while (m.find()) {
            if (m.start() > start) {
                parts.add(line.substring(start, m.start()));
                start = m.start();
            }
        }
        parts.add(line.substring(start));
        return parts;
    }
}
