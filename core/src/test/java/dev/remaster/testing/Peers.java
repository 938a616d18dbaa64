package dev.remaster.testing;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * What the tests compare against on this machine: the peer programs on the PATH and the Debian
 * installer's initramfs. A test that needs one skips, naming it, only when it is absent (and under
 * CI's strict mode, see {@link StrictSkips}, that skip is a failure unless listed).
 */
public final class Peers {
    /** Where the package debian-installer-12-netboot-amd64 puts the installer's kernel and initrd. */
    public static final Path INSTALLER_DIRECTORY =
            Path.of("/usr/lib/debian-installer/images/12/amd64/text/debian-installer/amd64");

    private Peers() {
    }

    /** The executable {@code program} found first on the PATH, if any. */
    public static Optional<Path> find(String program) {
        String path = System.getenv().getOrDefault("PATH", "");
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path p = Path.of(dir, program);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Whether {@code program} is an executable on the PATH. */
    public static boolean onPath(String program) {
        return find(program).isPresent();
    }

    /** Skips the test, naming the program, unless {@code program} is on the PATH. */
    public static void assumePeer(String program) {
        assumeTrue(onPath(program), "skipped: " + program + " is not installed (not on the PATH)");
    }

    /** The Debian installer's gzip-compressed initramfs (it may be absent: see {@link #assumeInstallerImage()}). */
    public static Path installerImage() {
        return INSTALLER_DIRECTORY.resolve("initrd.gz");
    }

    /** The Debian installer's kernel (it may be absent). */
    public static Path installerKernel() {
        return INSTALLER_DIRECTORY.resolve("linux");
    }

    /** The installer's initramfs, or skips the test naming the package that provides it. */
    public static Path assumeInstallerImage() {
        Path image = installerImage();
        assumeTrue(Files.isReadable(image),
                "skipped: no Debian installer initrd at " + image + ": install debian-installer-12-netboot-amd64");
        return image;
    }
}
