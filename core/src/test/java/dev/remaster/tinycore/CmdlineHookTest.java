package dev.remaster.tinycore;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

/**
 * The hook script, run by this machine's shells against a fake {@code /proc/cmdline} and a fake
 * mount command that records what it is asked; and where the hook line goes.
 */
class CmdlineHookTest {
    @TempDir
    Path dir;

    static List<Shells.Shell> shells() {
        List<Shells.Shell> s = Shells.available();
        assumeFalse(s.isEmpty(), "neither /bin/sh nor busybox is installed: cannot run the hook script");
        return s;
    }

    /** A fake {@code /proc}, defaults file and mount command in {@link #dir}. */
    private Map<String, String> fakeSystem(String given, String defaults) throws IOException {
        Path proc = Files.createDirectories(dir.resolve("proc"));
        if (given != null) {
            Files.writeString(proc.resolve("cmdline"), given + "\n");
        }
        if (defaults != null) {
            Files.writeString(dir.resolve("bootcodes"), defaults);
        }
        Path mount = dir.resolve("fake-mount");
        // Records its arguments; "mounting proc" makes the cmdline file appear.
        Files.writeString(mount, """
                #!/bin/sh
                echo "$*" >> "$FAKE_MOUNT_LOG"
                if [ "$1" = "-t" ] && [ "$2" = proc ]; then echo 'quiet tce=sdb1' > "$4/cmdline"; fi
                """);
        Files.setPosixFilePermissions(mount, java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.writeString(dir.resolve("remaster-cmdline"), BootCodes.hookScript());
        Map<String, String> env = new HashMap<>();
        env.put("REMASTER_CMDLINE", proc.resolve("cmdline").toString());
        env.put("REMASTER_BOOTCODES", dir.resolve("bootcodes").toString());
        env.put("REMASTER_MERGED", dir.resolve("run/remaster/cmdline").toString());
        env.put("REMASTER_MOUNT", mount.toString());
        env.put("FAKE_MOUNT_LOG", dir.resolve("mount.log").toString());
        return env;
    }

    private Shells.Run runHook(Shells.Shell sh, Map<String, String> env) throws Exception {
        Shells.Run r = Shells.run(sh, dir, env, dir.resolve("remaster-cmdline").toString());
        assertEquals(0, r.exit(), "exit status; stderr: " + r.err());
        assertEquals("", r.err());
        return r;
    }

    private String mountLog() throws IOException {
        Path log = dir.resolve("mount.log");
        return Files.exists(log) ? Files.readString(log) : "";
    }

    private String merged() throws IOException {
        return Files.readString(dir.resolve("run/remaster/cmdline"));
    }

    @ParameterizedTest
    @MethodSource("shells")
    void theScriptIsValidShell(Shells.Shell sh) throws Exception {
        Files.writeString(dir.resolve("remaster-cmdline"), BootCodes.hookScript());
        Shells.Run r = Shells.run(sh, dir, Map.of(), "-n", dir.resolve("remaster-cmdline").toString());
        assertEquals(0, r.exit(), r.err());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void defaultsAreAppendedAndTheBootLoadersCodesWin(Shells.Shell sh) throws Exception {
        Map<String, String> env = fakeSystem("BOOT_IMAGE=/boot/vmlinuz quiet tce=sdb1 waitusb=10:LABEL=x noswap",
                "# comment\ntce=vda1\nhome=vda3\nopt=vda3\nwaitusb=5\nnoswap\nnodhcp\n");
        runHook(sh, env);
        String expected = "BOOT_IMAGE=/boot/vmlinuz quiet tce=sdb1 waitusb=10:LABEL=x noswap home=vda3 opt=vda3 nodhcp";
        assertEquals(expected + "\n", merged());
        assertEquals("-o bind " + env.get("REMASTER_MERGED") + " " + env.get("REMASTER_CMDLINE") + "\n", mountLog());
        assertEquals(expected, BootCodes.merge("BOOT_IMAGE=/boot/vmlinuz quiet tce=sdb1 waitusb=10:LABEL=x noswap",
                List.of("tce=vda1", "home=vda3", "opt=vda3", "waitusb=5", "noswap", "nodhcp")));
    }

    @ParameterizedTest
    @MethodSource("shells")
    void aFlagAndAValueWithTheSameKeyAreTheSameCode(Shells.Shell sh) throws Exception {
        runHook(sh, fakeSystem("nodhcp=eth1 text", "nodhcp\ntext=1\nlang=C\n"));
        assertEquals("nodhcp=eth1 text lang=C\n", merged());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void nothingIsMountedWhenTheBootLoaderGaveEveryKey(Shells.Shell sh) throws Exception {
        runHook(sh, fakeSystem("tce=sdb1 home=sdb2", "tce=vda1\nhome=vda3\n"));
        assertEquals("", mountLog());
        assertFalse(Files.exists(dir.resolve("run/remaster/cmdline")));
    }

    @ParameterizedTest
    @MethodSource("shells")
    void aSecondRunInTheSameBootChangesNothing(Shells.Shell sh) throws Exception {
        // After the first run /proc/cmdline shows the merged line.
        runHook(sh, fakeSystem("quiet tce=sdb1 home=vda3", "tce=vda1\nhome=vda3\n"));
        assertEquals("", mountLog());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void withoutADefaultsFileTheScriptDoesNothing(Shells.Shell sh) throws Exception {
        runHook(sh, fakeSystem("quiet", null));
        assertEquals("", mountLog());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void procIsMountedWhenItIsNotYet(Shells.Shell sh) throws Exception {
        Map<String, String> env = fakeSystem(null, "waitusb=5\n");
        runHook(sh, env);
        assertEquals("quiet tce=sdb1 waitusb=5\n", merged());
        String proc = dir.resolve("proc").toString();
        assertEquals("-t proc proc " + proc + "\n-o bind " + env.get("REMASTER_MERGED") + " " + proc + "/cmdline\n", mountLog());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void wordsAreNotGlobbedAndTheLastLineNeedsNoNewline(Shells.Shell sh) throws Exception {
        Files.writeString(dir.resolve("tce=match-me"), "");
        runHook(sh, fakeSystem("x=* tce*", "tce=vda1\nhome=/mnt/*"));
        assertEquals("x=* tce* tce=vda1 home=/mnt/*\n", merged());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void anEmptyCommandLineGetsTheDefaultsAlone(Shells.Shell sh) throws Exception {
        runHook(sh, fakeSystem("", "tce=vda1\nnoswap\n"));
        assertEquals("tce=vda1 noswap\n", merged());
    }

    @ParameterizedTest
    @MethodSource("shells")
    void theScriptAgreesWithTheRuleOnRandomLines(Shells.Shell sh) throws Exception {
        Random random = new Random(42);
        List<String> keys = List.of("tce", "home", "opt", "waitusb", "noswap", "nodhcp", "lang", "quiet", "host");
        for (int round = 0; round < 15; round++) {
            StringBuilder given = new StringBuilder();
            StringBuilder defaults = new StringBuilder();
            List<String> defaultList = new java.util.ArrayList<>();
            for (String k : keys) {
                int pick = random.nextInt(4);
                if (pick == 1 || pick == 3) {
                    given.append(given.length() > 0 ? " " : "").append(random.nextBoolean() ? k : k + "=g" + round);
                }
                if (pick >= 2) {
                    String d = random.nextBoolean() ? k : k + "=d" + round;
                    defaults.append(d).append('\n');
                    defaultList.add(d);
                }
            }
            Files.deleteIfExists(dir.resolve("mount.log"));
            Files.deleteIfExists(dir.resolve("run/remaster/cmdline"));
            runHook(sh, fakeSystem(given.toString(), defaults.toString()));
            String expected = BootCodes.merge(given.toString(), defaultList);
            if (expected.equals(given.toString())) {
                assertEquals("", mountLog(), "round " + round);
            } else {
                assertEquals(expected + "\n", merged(), "round " + round + ": " + given + " / " + defaultList);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("shells")
    void theSampleGetbootparamSeesTheMergedLine(Shells.Shell sh) throws Exception {
        Map<String, String> env = fakeSystem("quiet tce=sdb1 waitusb=10", "tce=vda1\nhome=vda3\nwaitusb=5\nnoswap\n");
        runHook(sh, env);
        // The sample's own reader, pointed at the file the hook mounts over /proc/cmdline.
        String functions = Files.readString(SampleImages.dir().resolve("root/etc/init.d/tc-functions"))
                .replace("/proc/cmdline", env.get("REMASTER_MERGED"));
        Files.writeString(dir.resolve("tc-functions"), functions);
        Files.writeString(dir.resolve("probe"), ". " + dir.resolve("tc-functions") + "\n"
                + "getbootparam tce; getbootparam home; getbootparam waitusb\n"
                + "checkbootparam noswap && echo noswap\ngetbootparam opt || echo no-opt\n");
        Shells.Run r = Shells.run(sh, dir, Map.of(), dir.resolve("probe").toString());
        assertEquals("sdb1\nvda3\n10\nnoswap\nno-opt\n", r.out(), r.err());
    }

    @Test
    void theHookGoesRightBeforeTcConfig() {
        String rcs = "#!/bin/sh\n# Mount /proc.\n[ -f /proc/cmdline ] || /bin/mount /proc\n/bin/mount -a\n\n/etc/init.d/tc-config\n";
        String hooked = CmdlineHook.hookInto(rcs);
        assertEquals("#!/bin/sh\n# Mount /proc.\n[ -f /proc/cmdline ] || /bin/mount /proc\n/bin/mount -a\n\n"
                + CmdlineHook.LINE + "\n/etc/init.d/tc-config\n", hooked);
        assertEquals(hooked, CmdlineHook.hookInto(hooked));
        assertEquals(5, CmdlineHook.hookLine(hooked));
        assertEquals(rcs, String.join("\n", CmdlineHook.withoutHook(hooked)) + "\n");
    }

    @Test
    void aCommentOrAnotherNameIsNotTheTcConfigLine() {
        String rcs = "#!/bin/sh\n# then /etc/init.d/tc-config runs\necho my-tc-config-x\n. /etc/init.d/tc-config.local\ntc-config\n";
        String hooked = CmdlineHook.hookInto(rcs);
        assertTrue(hooked.endsWith(CmdlineHook.LINE + "\ntc-config\n"), hooked);
    }

    @Test
    void withoutATcConfigLineTheHookGoesAfterTheShebang() {
        assertEquals("#!/bin/sh\n" + CmdlineHook.LINE + "\necho start\n", CmdlineHook.hookInto("#!/bin/sh\necho start\n"));
        assertEquals(CmdlineHook.LINE + "\necho start\n", CmdlineHook.hookInto("echo start\n"));
    }

    @Test
    void aMovedHookLineIsPutBackInItsPlace() {
        String rcs = "#!/bin/sh\nmount -a\n" + CmdlineHook.LINE + "\necho x\n" + CmdlineHook.LINE + "\n/etc/init.d/tc-config\n";
        assertEquals("#!/bin/sh\nmount -a\necho x\n" + CmdlineHook.LINE + "\n/etc/init.d/tc-config\n", CmdlineHook.hookInto(rcs));
    }
}
