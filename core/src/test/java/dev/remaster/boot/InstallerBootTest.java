package dev.remaster.boot;

import dev.remaster.overlay.EditableImage;
import dev.remaster.overlay.SaveOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Debian installer's initrd, edited with {@link EditableImage} as {@code remaster edit} does
 * (its {@code /init} moved aside and replaced) and written whole, boots with the installer's own
 * kernel; the new init runs programs of the image and prints what they say.
 */
@Tag("qemu")
class InstallerBootTest {
    static final String MARKER = "REMASTER-BOOT-OK installer";
    static final String BEGIN = "REMASTER-OUTPUT-BEGIN";
    static final String END = "REMASTER-OUTPUT-END";

    static final String INIT = """
            #!/bin/sh
            export PATH=/sbin:/bin:/usr/sbin:/usr/bin
            mount -t proc proc /proc
            echo %s
            cat /etc/lsb-release
            echo %s
            echo "uname $(/bin/busybox uname -r)"
            if [ -x /init.orig ] && [ "$(head -n 1 /init.orig)" = "#!/bin/sh -e" ]; then echo "init.orig kept"; fi
            echo "%s"
            sleep 2
            poweroff -f
            """.formatted(BEGIN, END, MARKER);

    @TempDir
    Path dir;

    @Test
    void editedInstallerInitrdBootsAndRunsItsOwnPrograms() throws Exception {
        BootKernel kernel = BootKernel.installerOrSkip();
        Path edited = dir.resolve("initrd.gz");
        List<String> lsbRelease;
        try (EditableImage image = EditableImage.open(BootKernel.INSTALLER_INITRD)) {
            FileSystem fs = image.fileSystem();
            lsbRelease = Files.readAllLines(fs.getPath("/etc/lsb-release"));
            Files.move(fs.getPath("/init"), fs.getPath("/init.orig"));
            Files.writeString(fs.getPath("/init"), INIT);
            image.setMode("/init", 0755);
            image.writeTo(edited, SaveOptions.defaults());
        }

        dev.remaster.kernel.LintReport lint = dev.remaster.kernel.KernelLint.check(edited);
        assertEquals(0, lint.errors() + lint.warnings(), lint.findings().toString());
        BootResult boot = QemuBoot.of(kernel, edited).memory(1024).run(MARKER, dir);

        assertEquals(BootResult.End.MARKER, boot.end(), boot::describe);
        assertEquals(lsbRelease, boot.between(BEGIN, END),
                () -> "the guest's cat printed the image's /etc/lsb-release\n" + boot.describe());
        assertTrue(boot.printed("uname " + kernel.version()),
                () -> "the image's busybox ran on the installer kernel " + kernel + "\n" + boot.describe());
        assertTrue(boot.printed("init.orig kept"), boot::describe);
    }
}
