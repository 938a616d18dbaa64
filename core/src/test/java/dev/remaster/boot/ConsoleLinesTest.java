package dev.remaster.boot;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The boot harness reads init's lines even where a kernel message landed on them. */
class ConsoleLinesTest {

    @Test
    void aKernelMessageAfterInitsTextIsALineOfItsOwn() {
        assertEquals(List.of("osrelease 6.1.0-57-amd64", "[    1.995081] tsc: Refined TSC clocksource calibration"),
                QemuBoot.splitKernelMessages(
                        "osrelease 6.1.0-57-amd64[    1.995081] tsc: Refined TSC clocksource calibration"));
    }

    @Test
    void linesThatAreWholeStayWhole() {
        assertEquals(List.of("[    1.905505] Run /init as init process"),
                QemuBoot.splitKernelMessages("[    1.905505] Run /init as init process"));
        assertEquals(List.of("REMASTER-BOOT-OK lzma"), QemuBoot.splitKernelMessages("REMASTER-BOOT-OK lzma"));
        assertEquals(List.of(""), QemuBoot.splitKernelMessages(""));
        assertEquals(List.of("a [1.5] b"), QemuBoot.splitKernelMessages("a [1.5] b"), "not a kernel timestamp");
    }

    @Test
    void twoMessagesOnOneLineAreTwoLines() {
        assertEquals(List.of("x", "[    2.000001] a", "[   12.000002] b"),
                QemuBoot.splitKernelMessages("x[    2.000001] a[   12.000002] b"));
    }
}
