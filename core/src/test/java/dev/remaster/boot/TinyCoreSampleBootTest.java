package dev.remaster.boot;

import dev.remaster.overlay.EditableImage;
import dev.remaster.overlay.SaveOptions;
import dev.remaster.tinycore.BootCodes;
import dev.remaster.tinycore.BootCodesUpdate;
import dev.remaster.tinycore.BootScript;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The Tiny Core-shaped sample image ({@code testdata/tinycore/core-sample.gz}), given the host's
 * busybox-static and default boot codes by {@link BootCodes#setDefaults}, boots in QEMU, and its
 * own scripts see the defaults: the sample's {@code /init} execs busybox init, which runs
 * {@code rcS}, where the recipe's hook line bind-mounts the merged command line over
 * {@code /proc/cmdline} before {@code tc-config} reads it with its {@code case} loop and
 * {@code getbootparam}. The boot loader (here QEMU's {@code -append}) passes {@code home=} itself,
 * and its value wins over the default.
 */
@Tag("qemu")
class TinyCoreSampleBootTest {
    static final String DEFAULTS = "tce=vda1 home=vda3 opt=vda3 host=remaster";

    /** What the boot loader passes after QemuBoot's own {@code console=ttyS0 panic=-1}. */
    static final String GIVEN = "home=sda9";

    static final String MARKER = "REMASTER-TC-DONE";

    /**
     * Programs that the sample's scripts (and the hook script and the lines this test adds) run
     * which are not built into busybox ash. The sample links only sh, ash, mount, umount, grep and
     * cat (and /sbin/init); a real Tiny Core links every applet. Each missing one is linked in
     * {@code /bin} or {@code /sbin}, as the inittab and the scripts name them.
     */
    static final List<String> APPLETS = List.of(
            "/bin/sh", "/bin/mount", "/bin/umount", "/bin/grep", "/bin/cat", // /init, rcS, tc-functions
            "/bin/sed", // /init, with multivt
            "/bin/mkdir", // the hook script
            "/bin/sleep", "/bin/hostname", "/bin/touch", "/sbin/swapon", "/sbin/udhcpc", // tc-config, sethostname
            "/sbin/init", "/sbin/getty", "/sbin/reboot", // /init, /etc/inittab
            "/sbin/poweroff"); // this test

    @TempDir
    Path dir;

    @Test
    void theSamplesScriptsSeeTheDefaultBootCodesAndTheBootLoadersOwnCodeWins() throws Exception {
        BootKernel kernel = BootKernel.installedOrSkip();
        assumeTrue(Files.isReadable(ScratchImage.BUSYBOX), "skipped: no " + ScratchImage.BUSYBOX + ": install busybox-static");
        assumeTrue(ScratchImage.isStaticElf(ScratchImage.BUSYBOX), "skipped: " + ScratchImage.BUSYBOX
                + " is dynamically linked (the busybox package): install busybox-static");
        if (kernel.config().isPresent()) {
            assumeTrue(kernel.builtInOptionsOrSkip().contains("CONFIG_RD_GZIP"),
                    "skipped: " + kernel.config().orElseThrow() + " lacks CONFIG_RD_GZIP=y: the kernel cannot unpack core.gz");
        }
        Path root = Path.of(System.getProperty("remaster.root", "..")).toAbsolutePath().normalize();
        Path sample = dir.resolve("core-sample.gz");
        Files.copy(root.resolve("testdata/tinycore/core-sample.gz"), sample);
        Path booted = dir.resolve("core-boot.gz");

        try (EditableImage image = EditableImage.open(sample)) {
            FileSystem fs = image.fileSystem();
            Files.write(fs.getPath("/bin/busybox"), Files.readAllBytes(ScratchImage.BUSYBOX));
            assertEquals(0755, image.metadata("/bin/busybox").permissions(), "the placeholder's mode is kept");
            linkMissingApplets(fs);

            BootCodesUpdate update = BootCodes.setDefaults(image, DEFAULTS);
            assertEquals(List.of(), update.unknown(), "the sample's scripts read every default");
            assertEquals(List.of(), update.readBeforeHook());

            // tc-config reports what its case loop set (host= only sets HOST=1 there, so the
            // value comes from tc-functions' getbootparam), then runs bootsync.sh.
            Path tcConfig = fs.getPath("/etc/init.d/tc-config");
            String script = Files.readString(tcConfig);
            String report = """
                    echo "REMASTER-TC-CMDLINE $(cat /proc/cmdline)"
                    echo "REMASTER-TC tce=$TCE home=$MYHOME opt=$MYOPT host=$(getbootparam host)"
                    /opt/bootsync.sh
                    """;
            assertTrue(script.contains("\n/opt/bootsync.sh\n"), script);
            Files.writeString(tcConfig, script.replace("\n/opt/bootsync.sh\n", "\n" + report));

            // bootsync.sh first sets the host name with "sethostname box", in which host= wins.
            BootScript sync = BootScript.bootSync(image);
            sync.append("echo \"REMASTER-TC-HOSTNAME $(hostname)\"");
            sync.append("echo " + MARKER);
            sync.append("sleep 2");
            sync.append("poweroff -f");
            image.writeTo(booted, SaveOptions.defaults());
        }

        BootResult boot = QemuBoot.of(kernel, booted).append(GIVEN).run(MARKER, dir);

        assertEquals(BootResult.End.MARKER, boot.end(), boot::describe);
        String given = "console=ttyS0 panic=-1 " + GIVEN;
        assertEquals(List.of("REMASTER-TC-CMDLINE " + BootCodes.merge(given, List.of(DEFAULTS.split(" ")))),
                boot.lines().stream().filter(l -> l.startsWith("REMASTER-TC-CMDLINE")).toList(), boot::describe);
        assertTrue(boot.printed("REMASTER-TC-CMDLINE console=ttyS0 panic=-1 home=sda9 tce=vda1 opt=vda3 host=remaster"),
                boot::describe);
        assertTrue(boot.printed("REMASTER-TC tce=vda1 home=sda9 opt=vda3 host=remaster"), boot::describe);
        assertTrue(boot.printed("REMASTER-TC-HOSTNAME remaster"), boot::describe);
        // The sample's own messages, from tc-config and tce-setup, unchanged by this test.
        for (String line : List.of("persistent /home requested on sda9", "persistent /opt requested on vda3",
                "extensions directory requested on vda1", "extensions from vda1")) {
            assertTrue(boot.printed(line), () -> "missing \"" + line + "\"\n" + boot.describe());
        }
        assertFalse(boot.printed("persistent /home requested on vda3"), boot::describe);
    }

    /**
     * An extension unpacked into the image with {@code --unpack} works at boot with no squashfs
     * module: its program runs, and its start-up script runs from {@code bootsync.sh} as
     * {@code tce-setup} would run it.
     */
    @Test
    void anUnpackedExtensionRunsAtBootWithoutSquashfs() throws Exception {
        BootKernel kernel = BootKernel.installedOrSkip();
        assumeTrue(Files.isReadable(ScratchImage.BUSYBOX), "skipped: no " + ScratchImage.BUSYBOX + ": install busybox-static");
        assumeTrue(ScratchImage.isStaticElf(ScratchImage.BUSYBOX), "skipped: " + ScratchImage.BUSYBOX
                + " is dynamically linked (the busybox package): install busybox-static");
        Path root = Path.of(System.getProperty("remaster.root", "..")).toAbsolutePath().normalize();
        Path sample = dir.resolve("core-sample.gz");
        Files.copy(root.resolve("testdata/tinycore/core-sample.gz"), sample);

        Path tree = dir.resolve("hello");
        Files.createDirectories(tree.resolve("usr/local/bin"));
        Files.createDirectories(tree.resolve("usr/local/tce.installed"));
        Path program = Files.writeString(tree.resolve("usr/local/bin/hello"), "#!/bin/sh\necho REMASTER-TCZ-PROGRAM\n");
        Path setup = Files.writeString(tree.resolve("usr/local/tce.installed/hello"), "#!/bin/sh\necho REMASTER-TCZ-SETUP\n");
        for (Path p : List.of(program, setup)) {
            Files.setPosixFilePermissions(p, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        dev.remaster.squashfs.SquashfsWriter w = new dev.remaster.squashfs.SquashfsWriter(dev.remaster.squashfs.WriterOptions.tinyCore());
        w.addTree(tree);
        Path tcz = dir.resolve("hello.tcz");
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tcz,
                java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            w.write(ch);
        }

        Path booted = dir.resolve("core-boot.gz");
        try (EditableImage image = EditableImage.open(sample)) {
            FileSystem fs = image.fileSystem();
            Files.write(fs.getPath("/bin/busybox"), Files.readAllBytes(ScratchImage.BUSYBOX));
            linkMissingApplets(fs);
            dev.remaster.tinycore.UnpackedExtensions.unpack(image, List.of(tcz), dev.remaster.tinycore.ExtensionOptions.defaults());
            BootScript sync = BootScript.bootSync(image);
            sync.append("/usr/local/bin/hello");
            sync.append("echo " + MARKER);
            sync.append("sleep 2");
            sync.append("poweroff -f");
            image.writeTo(booted, SaveOptions.defaults());
        }

        BootResult boot = QemuBoot.of(kernel, booted).run(MARKER, dir);

        assertEquals(BootResult.End.MARKER, boot.end(), boot::describe);
        assertTrue(boot.printed("REMASTER-TCZ-SETUP"), boot::describe);
        assertTrue(boot.printed("REMASTER-TCZ-PROGRAM"), boot::describe);
    }

    /** Links each of {@link #APPLETS} that the image lacks to busybox. */
    private static void linkMissingApplets(FileSystem fs) throws IOException {
        for (String applet : APPLETS) {
            Path p = fs.getPath(applet);
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                Files.createSymbolicLink(p, fs.getPath(applet.startsWith("/bin/") ? "busybox" : "../bin/busybox"));
            }
        }
    }
}
