package dev.remaster.tinycore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class GrubEntryTest {
    @TempDir
    Path dir;

    private static final String UUID = "0b6a0d2c-4a4b-4bd4-9a34-0c4c3d0e6f11";

    @Test
    void anEntryFoundByUuid() {
        String text = GrubEntry.menuEntry(GrubEntry.Options.of("/boot/vmlinuz", "/boot/core.gz")
                .withRoot(GrubEntry.Root.uuid(UUID))
                .withBootCodes(List.of("quiet", "tce=UUID=" + UUID, "waitusb=5")));
        assertEquals("""
                menuentry 'Tiny Core Linux' {
                	search --no-floppy --fs-uuid --set=root 0b6a0d2c-4a4b-4bd4-9a34-0c4c3d0e6f11
                	linux /boot/vmlinuz quiet tce=UUID=0b6a0d2c-4a4b-4bd4-9a34-0c4c3d0e6f11 waitusb=5
                	initrd /boot/core.gz
                }
                """, text);
    }

    @Test
    void anEntryOnAGrubDeviceWithModulesAndTwoInitrds() {
        String text = GrubEntry.menuEntry(GrubEntry.Options.of("/tce/boot/vmlinuz64", "/tce/boot/corepure64.gz", "/tce/boot/my.gz")
                .withTitle("Core 15 (remastered)")
                .withRoot(GrubEntry.Root.device("(hd0,msdos1)"))
                .withModules(List.of("part_msdos", "ext2"))
                .withBootCodes(List.of("tce=sda1", "home=sda1", "opt=sda1")));
        assertEquals("""
                menuentry 'Core 15 (remastered)' {
                	insmod part_msdos
                	insmod ext2
                	set root=(hd0,msdos1)
                	linux /tce/boot/vmlinuz64 tce=sda1 home=sda1 opt=sda1
                	initrd /tce/boot/corepure64.gz /tce/boot/my.gz
                }
                """, text);
    }

    @Test
    void wordsGrubWouldChangeAreQuoted() {
        String text = GrubEntry.menuEntry(GrubEntry.Options.of("/boot/vmlinuz", "/boot/core.gz")
                .withTitle("Tiny Core's $HOME")
                .withRoot(GrubEntry.Root.label("TC data"))
                .withBootCodes(List.of("host=a;b", "lang=en_US.UTF-8", "kmap=qwerty/us", "desc=\"x y\"")));
        assertEquals("""
                menuentry 'Tiny Core'\\''s $HOME' {
                	search --no-floppy --label --set=root 'TC data'
                	linux /boot/vmlinuz 'host=a;b' lang=en_US.UTF-8 kmap=qwerty/us 'desc="x y"'
                	initrd /boot/core.gz
                }
                """, text);
    }

    @Test
    void badInputsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> GrubEntry.Options.of("boot/vmlinuz", "/boot/core.gz"));
        assertThrows(IllegalArgumentException.class, () -> GrubEntry.Options.of("/boot/vmlinuz"));
        assertThrows(IllegalArgumentException.class, () -> GrubEntry.Root.uuid("not a uuid"));
        assertThrows(IllegalArgumentException.class, () -> GrubEntry.Root.device("hd0,msdos1"));
        assertThrows(IllegalArgumentException.class,
                () -> GrubEntry.Options.of("/boot/vmlinuz", "/boot/core.gz").withModules(List.of("ext2; rm")));
        assertThrows(IllegalArgumentException.class,
                () -> GrubEntry.Options.of("/boot/vmlinuz", "/boot/core.gz").withTitle("a\nb"));
    }

    @Test
    void grubScriptCheckAcceptsTheEntries() throws Exception {
        String check = Shells.which("grub-script-check");
        assumeTrue(check != null, "grub-script-check (grub-common) is not installed");
        String text = GrubEntry.menuEntry(GrubEntry.Options.of("/boot/vmlinuz", "/boot/core.gz")
                .withTitle("Tiny Core's $HOME").withRoot(GrubEntry.Root.label("TC data"))
                .withBootCodes(List.of("host=a;b", "desc=\"x y\"")))
                + GrubEntry.menuEntry(GrubEntry.Options.of("/boot/vmlinuz", "/boot/core.gz")
                .withRoot(GrubEntry.Root.device("(hd0,gpt2)")).withModules(List.of("part_gpt")));
        Path cfg = dir.resolve("grub.cfg");
        Files.writeString(cfg, text);
        Shells.Run r = Shells.run(new Shells.Shell(check, List.of(check)), dir, Map.of(), cfg.toString());
        assertEquals(0, r.exit(), r.out() + r.err());
    }
}
