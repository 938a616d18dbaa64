package dev.remaster.extract;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PathFilterTest {

    @Test
    void aPathSelectsItselfAndEverythingUnderIt() {
        PathFilter f = PathFilter.of("etc", "usr/bin/busybox");
        assertTrue(f.accepts("etc"));
        assertTrue(f.accepts("etc/passwd"));
        assertTrue(f.accepts("etc/init.d/rc"));
        assertTrue(f.accepts("usr/bin/busybox"));
        assertFalse(f.accepts("etcetera"));
        assertFalse(f.accepts("usr/bin"));
        assertFalse(f.accepts("usr/bin/busybox2"));
        assertFalse(f.accepts(""));
    }

    @Test
    void selectorsAreNormalisedLikeNames() {
        PathFilter f = PathFilter.of("/etc//init.d/", "./bin/.");
        assertTrue(f.accepts("etc/init.d/rc"));
        assertTrue(f.accepts("bin/sh"));
        assertFalse(f.accepts("etc"));
    }

    @Test
    void theRootSelectsEverythingAndNothingSelectsNothing() {
        assertTrue(PathFilter.of(".").accepts("anything/at/all"));
        assertTrue(PathFilter.of("/").accepts(""));
        assertFalse(PathFilter.of(List.of()).accepts("x"));
        assertTrue(PathFilter.all().accepts(""));
    }

    @Test
    void dotDotIsNotASelector() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PathFilter.of("a/../b"));
        assertEquals("path 'a/../b' may not have a '..' component", e.getMessage());
    }

    @Test
    void entryNamesNormalise() {
        assertEquals(new EntryPath(List.of("etc", "passwd"), true, false), EntryPath.parse("//etc/./passwd/"));
        assertEquals("", EntryPath.parse("./").joined());
        assertTrue(EntryPath.parse(".").isRoot());
        assertTrue(EntryPath.parse("a/..").dotDot());
        assertTrue(EntryPath.parse("..").dotDot());
        assertFalse(EntryPath.parse("a..b/..c/d..").dotDot());
        assertFalse(EntryPath.parse("./x").absolute());
    }
}
