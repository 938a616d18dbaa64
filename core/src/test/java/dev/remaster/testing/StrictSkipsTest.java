package dev.remaster.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** Strict mode turns a skip into a failure unless the allowed list names the test or its class. */
class StrictSkipsTest {
    @TempDir
    Path dir;

    @Test
    void aSkipNotListedFailsNamingTheTestAndTheReason() {
        TestAbortedException skip = new TestAbortedException("skipped: cpio is not installed");
        Throwable t = StrictSkips.judge("a.B", Optional.of("c"), skip, Map.of());
        assertTrue(t instanceof AssertionError, t.toString());
        assertTrue(t.getMessage().contains("a.B#c may not skip (skipped: cpio is not installed)"), t.getMessage());
        assertTrue(t.getMessage().contains(".ci/allowed-skips"), t.getMessage());
    }

    @Test
    void aListedTestOrClassMaySkip() {
        TestAbortedException skip = new TestAbortedException("no KVM");
        assertSame(skip, StrictSkips.judge("a.B", Optional.of("c"), skip, Map.of("a.B#c", "needs KVM")));
        assertSame(skip, StrictSkips.judge("a.B", Optional.of("c"), skip, Map.of("a.B", "needs KVM")));
        assertTrue(StrictSkips.judge("a.B", Optional.of("d"), skip, Map.of("a.B#c", "needs KVM")) instanceof AssertionError);
    }

    @Test
    void otherFailuresPassThrough() {
        IllegalStateException e = new IllegalStateException();
        assertSame(e, StrictSkips.judge("a.B", Optional.empty(), e, Map.of()));
    }

    @Test
    void theListNeedsAReasonOnEveryLine() throws IOException {
        Path list = dir.resolve("allowed-skips");
        Files.writeString(list, "# comment\n\na.B#c  needs KVM here\n");
        assertEquals(Map.of("a.B#c", "needs KVM here"), StrictSkips.read(list));
        Files.writeString(list, "a.B#c\n");
        assertThrows(IllegalStateException.class, () -> StrictSkips.read(list));
    }

    @Test
    void theRepositoryListParses() {
        StrictSkips.read(StrictSkips.repositoryRoot().resolve(StrictSkips.ALLOWED));
        assertTrue(Files.isRegularFile(StrictSkips.repositoryRoot().resolve(StrictSkips.ALLOWED)));
    }
}
