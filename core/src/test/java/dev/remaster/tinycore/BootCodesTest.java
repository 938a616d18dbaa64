package dev.remaster.tinycore;

import dev.remaster.overlay.EditableImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BootCodesTest {
    @TempDir
    Path dir;

    private static final String RCS = "/etc/init.d/rcS";

    @Test
    void defaultsInstallTheHookAndListAsExpected() throws IOException {
        BootCodesUpdate[] update = new BootCodesUpdate[1];
        Path out = SampleImages.editedTwice(dir, image -> {
            BootCodesUpdate u = BootCodes.setDefaults(image, "tce=vda1 home=vda3 opt=vda3 waitusb=5");
            assertEquals(update[0] == null, u.changed());
            update[0] = update[0] == null ? u : update[0];
        });
        Map<String, SampleImages.Item> before = SampleImages.tree(SampleImages.committed());
        Map<String, SampleImages.Item> after = SampleImages.tree(out);

        assertEquals(List.of("tce=vda1", "home=vda3", "opt=vda3", "waitusb=5"), update[0].defaults());
        assertEquals(RCS, update[0].sysinitScript());
        assertEquals(List.of(), update[0].readBeforeHook());
        assertEquals(List.of(), update[0].unknown());

        assertEquals("REGULAR 0644 0:0", after.get(BootCodes.DEFAULTS_FILE).summary());
        assertTrue(after.get(BootCodes.DEFAULTS_FILE).text().endsWith("\ntce=vda1\nhome=vda3\nopt=vda3\nwaitusb=5\n"));
        assertEquals("DIRECTORY 0755 0:0", after.get("/etc/remaster").summary());
        assertEquals("REGULAR 0755 0:0", after.get(BootCodes.HOOK_SCRIPT).summary());
        assertEquals(BootCodes.hookScript(), after.get(BootCodes.HOOK_SCRIPT).text());
        String rcs = after.get(RCS).text();
        assertEquals(before.get(RCS).text().replace("/etc/init.d/tc-config\n",
                "[ -x /etc/init.d/remaster-cmdline ] && /etc/init.d/remaster-cmdline # remaster:bootcodes\n"
                        + "/etc/init.d/tc-config\n"), rcs);
        assertEquals("REGULAR 0755 0:0", after.get(RCS).summary());

        List<String> changed = SampleImages.diff(before, after);
        assertEquals(List.of("-/etc/init.d/rcS REGULAR 0755 0:0", "+/etc/init.d/rcS REGULAR 0755 0:0",
                "+/etc/init.d/remaster-cmdline REGULAR 0755 0:0", "+/etc/remaster DIRECTORY 0755 0:0",
                "+/etc/remaster/bootcodes REGULAR 0644 0:0").stream().sorted().toList(), changed.stream().sorted().toList());
        try (EditableImage image = EditableImage.open(out)) {
            assertEquals(List.of("tce=vda1", "home=vda3", "opt=vda3", "waitusb=5"), BootCodes.defaults(image));
        }
    }

    @Test
    void runningAgainWithOtherCodesReplacesTheDefaults() throws IOException {
        Path first = SampleImages.edited(SampleImages.copy(dir), dir.resolve("first.gz"),
                image -> BootCodes.setDefaults(image, "tce=vda1 home=vda3"));
        Path second = SampleImages.edited(first, dir.resolve("second.gz"),
                image -> assertTrue(BootCodes.setDefaults(image, List.of("tce=sda1", "noswap")).changed()));
        Map<String, SampleImages.Item> t = SampleImages.tree(second);
        String defaults = t.get(BootCodes.DEFAULTS_FILE).text();
        assertTrue(defaults.endsWith("\ntce=sda1\nnoswap\n"), defaults);
        assertFalse(defaults.contains("vda"), defaults);
        String rcs = t.get(RCS).text();
        assertEquals(1, rcs.split("remaster:bootcodes", -1).length - 1, rcs);
        try (EditableImage image = EditableImage.open(second)) {
            assertEquals(List.of("tce=sda1", "noswap"), BootCodes.defaults(image));
        }
    }

    @Test
    void removingTheDefaultsRestoresTheStartUpScript() throws IOException {
        Path with = SampleImages.edited(SampleImages.copy(dir), dir.resolve("with.gz"),
                image -> BootCodes.setDefaults(image, "tce=vda1"));
        Path without = SampleImages.edited(with, dir.resolve("without.gz"), image -> {
            assertTrue(BootCodes.removeDefaults(image));
            assertFalse(BootCodes.removeDefaults(image));
            assertEquals(List.of(), BootCodes.defaults(image));
        });
        Map<String, SampleImages.Item> before = SampleImages.tree(SampleImages.committed());
        Map<String, SampleImages.Item> after = SampleImages.tree(without);
        assertEquals(before.keySet(), after.keySet());
        assertEquals(before.get(RCS).text(), after.get(RCS).text());
    }

    @Test
    void anEmptyListRemovesTheDefaults() throws IOException {
        Path with = SampleImages.edited(SampleImages.copy(dir), dir.resolve("with.gz"),
                image -> BootCodes.setDefaults(image, "tce=vda1"));
        Path without = SampleImages.edited(with, dir.resolve("without.gz"),
                image -> assertTrue(BootCodes.setDefaults(image, " ").changed()));
        assertFalse(SampleImages.tree(without).containsKey(BootCodes.HOOK_SCRIPT));
    }

    @Test
    void codesTheHookCannotReachAreReported() throws IOException {
        try (EditableImage image = EditableImage.open(SampleImages.copy(dir))) {
            BootCodesUpdate u = BootCodes.setDefaults(image, "tce=vda1 noembed console=ttyS0 waitsub=5 multivt");
            assertEquals(List.of("noembed", "multivt"), u.readBeforeHook());
            assertEquals(List.of("console=ttyS0", "waitsub=5"), u.unknown());
            assertTrue(u.changed());
        }
    }

    @Test
    void badCodesAreRefused() throws IOException {
        try (EditableImage image = EditableImage.open(SampleImages.copy(dir))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> BootCodes.setDefaults(image, List.of("tce=vda1", "tce=vda2")));
            assertTrue(e.getMessage().contains("same key 'tce'"), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> BootCodes.setDefaults(image, List.of("a b")));
            assertThrows(IllegalArgumentException.class, () -> BootCodes.setDefaults(image, List.of("=x")));
            assertThrows(IllegalArgumentException.class, () -> BootCodes.setDefaults(image, List.of("lang=\"en\"")));
            assertFalse(image.isModified());
        }
    }

    @Test
    void anImageWithoutAStartUpScriptIsRefused() throws IOException {
        try (EditableImage image = EditableImage.open(SampleImages.copy(dir))) {
            Files.delete(image.fileSystem().getPath(RCS));
            IOException e = assertThrows(IOException.class, () -> BootCodes.setDefaults(image, "tce=vda1"));
            assertTrue(e.getMessage().contains("Tiny Core"), e.getMessage());
        }
    }

    @Test
    void theSysinitScriptOfTheInittabIsHooked() throws IOException {
        try (EditableImage image = EditableImage.open(SampleImages.copy(dir))) {
            var fs = image.fileSystem();
            Files.writeString(fs.getPath("/etc/inittab"), "::sysinit:/etc/init.d/rc.boot\n::respawn:/sbin/getty 38400 tty1\n");
            Files.writeString(fs.getPath("/etc/init.d/rc.boot"), "#!/bin/sh\n/etc/init.d/tc-config\n");
            assertEquals("/etc/init.d/rc.boot", BootCodes.setDefaults(image, "tce=vda1").sysinitScript());
            assertEquals("#!/bin/sh\n" + CmdlineHook.LINE + "\n/etc/init.d/tc-config\n",
                    Files.readString(fs.getPath("/etc/init.d/rc.boot")));
            assertFalse(Files.readString(fs.getPath(RCS)).contains("remaster"));
        }
    }

    @Test
    void theSamplesKnownBootCodesAreFoundWithWhereTheyWereSeen() throws IOException {
        List<KnownBootCode> codes;
        try (EditableImage image = EditableImage.open(SampleImages.committed())) {
            codes = BootCodes.listKnownBootCodes(image);
            assertFalse(image.isModified());
        }
        Map<String, KnownBootCode> byName = codes.stream().collect(Collectors.toMap(KnownBootCode::name, k -> k));
        assertEquals(List.of("base", "home", "host", "lang", "lst", "multivt", "nodhcp", "noembed", "norestore", "noswap",
                "opt", "tce", "text", "tz", "user", "waitusb"), codes.stream().map(KnownBootCode::name).toList());
        assertEquals(List.of("/etc/init.d/tc-config", "/usr/bin/tce-setup"), byName.get("tce").paths());
        assertTrue(byName.get("tce").takesValue());
        assertEquals("[/etc/init.d/tc-config:13 (case, value), /usr/bin/sethostname:4 (getbootparam, value)]",
                byName.get("host").seenAt().toString());
        assertEquals("[/init:5 (grep, flag)]", byName.get("multivt").seenAt().toString());
        assertTrue(byName.get("noswap").isFlag());
        assertFalse(byName.get("noswap").takesValue());
        assertEquals("[/usr/bin/tce-setup:10 (case, flag)]", byName.get("base").seenAt().toString());
    }

    @Test
    void theHookScriptItselfIsNotCounted() throws IOException {
        try (EditableImage image = EditableImage.open(SampleImages.copy(dir))) {
            List<String> before = BootCodes.listKnownBootCodes(image).stream().map(KnownBootCode::name).toList();
            BootCodes.setDefaults(image, "tce=vda1 quiet");
            assertEquals(before, BootCodes.listKnownBootCodes(image).stream().map(KnownBootCode::name).toList());
        }
    }

    @Test
    void theEditCanGoInASeparateAppendedImage() throws IOException {
        Path sample = SampleImages.copy(dir);
        Path full = dir.resolve("full.gz");
        Path appended = dir.resolve("appended.gz");
        try (EditableImage image = EditableImage.open(sample)) {
            BootCodes.setDefaults(image, "tce=vda1 waitusb=5");
            BootScript.bootLocal(image).append("echo hello");
            image.writeTo(full, dev.remaster.overlay.SaveOptions.defaults().withThreads(1));
            image.appendTo(appended, dev.remaster.overlay.SaveOptions.defaults().withThreads(1));
        }
        byte[] a = Files.readAllBytes(appended);
        byte[] original = Files.readAllBytes(sample);
        assertTrue(a.length > original.length);
        org.junit.jupiter.api.Assertions.assertArrayEquals(original, java.util.Arrays.copyOf(a, original.length));
        Map<String, SampleImages.Item> f = SampleImages.tree(full);
        Map<String, SampleImages.Item> g = SampleImages.tree(appended);
        assertEquals(List.of(), SampleImages.diff(f, g));
    }

    @Test
    void mergeAppendsOnlyMissingKeys() {
        assertEquals("quiet tce=sdb1 home=vda3", BootCodes.merge("quiet tce=sdb1", List.of("tce=vda1", "home=vda3")));
        assertEquals("noswap", BootCodes.merge("", List.of("noswap")));
        assertEquals("noswap=1 x", BootCodes.merge("noswap=1 x", List.of("noswap")));
        assertEquals("tce", BootCodes.key("tce"));
        assertEquals("tce", BootCodes.key("tce=UUID=1234"));
    }
}
