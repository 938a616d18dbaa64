package dev.remaster.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The tinycore commands on the sample image that the README runs. */
class TinyCoreCommandsTest {
    static final Path SAMPLE = Path.of(Objects.requireNonNullElse(System.getProperty("remaster.root"), ".."),
            "testdata/tinycore/core-sample.gz");

    @TempDir
    Path dir;
    Path image;

    @BeforeEach
    void copySample() throws IOException {
        image = dir.resolve("core.gz");
        Files.copy(SAMPLE, image);
    }

    @Test
    void editSetsBootCodesAndABootCommandAndIsIdempotent() throws IOException {
        Path once = dir.resolve("once.gz");
        CliRun r = CliRun.of("tinycore", "edit", image.toString(), "-o", once.toString(),
                "--boot-codes", "tce=vda1 home=vda3 opt=vda3", "--bootlocal", "echo hello > /dev/console",
                "--backup", "etc/ssh");
        assertEquals(0, r.exitCode(), r.err());
        CliRun d = CliRun.of("diff", image.toString(), once.toString());
        assertEquals(1, d.exitCode());
        assertTrue(d.out().contains("+ /etc/remaster/bootcodes"), d.out());
        assertTrue(d.out().contains("~ /opt/bootlocal.sh  content"), d.out());
        assertTrue(d.out().contains("~ /etc/init.d/rcS  content"), d.out());
        CliRun cat = CliRun.of("cat", once.toString(), "/opt/bootlocal.sh");
        assertEquals(0, cat.exitCode(), cat.err());
        assertTrue(cat.out().startsWith("#!/bin/sh"), cat.out());
        assertTrue(cat.out().contains("\necho hello > /dev/console\n"), cat.out());

        Path twice = dir.resolve("twice.gz");
        r = CliRun.of("tinycore", "edit", once.toString(), "-o", twice.toString(),
                "--boot-codes", "tce=vda1 home=vda3 opt=vda3", "--bootlocal", "echo hello > /dev/console",
                "--backup", "etc/ssh");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("nothing to change"), r.err());
        assertArrayEquals(Files.readAllBytes(once), Files.readAllBytes(twice));

        CliRun codes = CliRun.of("tinycore", "boot-codes", once.toString());
        assertTrue(codes.out().startsWith("# defaults: tce=vda1 home=vda3 opt=vda3\n"), codes.out());
        assertTrue(codes.out().contains("tce="), codes.out());
    }

    @Test
    void grubEntry() {
        CliRun r = CliRun.of("tinycore", "grub-entry", "--kernel", "/boot/vmlinuz", "--initrd", "/boot/core.gz",
                "--root-label", "TC", "--codes", "tce=sda1 quiet");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.out().startsWith("menuentry 'Tiny Core Linux' {"), r.out());
        assertTrue(r.out().contains("linux /boot/vmlinuz tce=sda1 quiet"), r.out());
        assertTrue(r.out().contains("initrd /boot/core.gz"), r.out());
    }

    @Test
    void anExtensionMadeWithTczCreateIsUnpackedIntoTheImage() throws IOException {
        Path tree = Files.createDirectories(dir.resolve("ext/usr/local/bin"));
        Files.writeString(tree.resolve("hello"), "#!/bin/sh\necho hello\n");
        Path tcz = dir.resolve("hello.tcz");
        CliRun made = CliRun.of("tcz", "create", dir.resolve("ext").toString(), "-o", tcz.toString(), "-q");
        assertEquals(0, made.exitCode(), made.err());
        Path out = dir.resolve("unpacked.gz");
        CliRun r = CliRun.of("tinycore", "edit", image.toString(), "-o", out.toString(), "--extension", tcz.toString(), "--unpack");
        assertEquals(0, r.exitCode(), r.err());
        assertTrue(r.err().contains("extensions unpacked into the image, in order: hello.tcz"), r.err());
        CliRun cat = CliRun.of("cat", out.toString(), "/usr/local/bin/hello", "/usr/local/tce.installed/hello");
        assertEquals(0, cat.exitCode(), cat.err());
        assertEquals("#!/bin/sh\necho hello\n", cat.out());
    }
}
