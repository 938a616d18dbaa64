package dev.remaster.boot;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The boot harness itself: runs that must not count as a successful boot end as they should. */
@Tag("qemu")
class QemuBootTest {
    @TempDir
    Path dir;

    private Path plainImage(String init) throws Exception {
        Path image = dir.resolve("harness.img");
        ScratchImage.withInit(init).write(image, Compression.NONE, EncoderOptions.defaults(Compression.NONE));
        return image;
    }

    @Test
    void anInitThatExitsPanicsTheKernelAndEndsTheRunWithoutTheMarker() throws Exception {
        BootKernel kernel = BootKernel.installedOrSkip();
        String marker = "REMASTER-BOOT-OK never";
        Path image = plainImage("#!/bin/sh\n/bin/echo \"REMASTER-BOOT-OK never!\"\nexit 3\n");

        // The kernel prints its command line, marker included: only a whole line may count.
        BootResult boot = QemuBoot.of(kernel, image).append("remaster.marker=\"" + marker + "\"").run(marker, dir);

        assertEquals(BootResult.End.PANIC, boot.end(), boot::describe);
        assertFalse(boot.printed(marker), boot::describe);
        assertTrue(boot.printed("REMASTER-BOOT-OK never!"), boot::describe);
        assertTrue(boot.lines().stream().anyMatch(l -> l.contains(QemuBoot.PANIC + ": Attempted to kill init!")),
                boot::describe);
        assertTrue(boot.describe().contains("Attempted to kill init"), "the failure message shows the console");
        assertEquals(boot.lines(), Files.readString(boot.consoleLog()).replace("\r", "").lines().toList(),
                "the log file holds the whole console");
    }

    @Test
    void aGuestThatNeverEndsIsKilledAtTheTimeLimit() throws Exception {
        BootKernel kernel = BootKernel.installedOrSkip();
        Path image = plainImage("#!/bin/sh\n/bin/echo looping\nwhile :; do :; done\n");

        // Long enough for a loaded machine to print the first console lines; the guest never ends.
        BootResult boot = QemuBoot.of(kernel, image).timeout(Duration.ofSeconds(20)).run("never printed", dir);

        assertEquals(BootResult.End.TIMEOUT, boot.end(), boot::describe);
        assertTrue(boot.elapsed().compareTo(Duration.ofSeconds(20)) >= 0, boot::describe);
        assertFalse(boot.lines().isEmpty(), "the console output up to the kill is kept");
    }
}
