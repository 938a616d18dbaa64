package dev.remaster.extract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.remaster.cpio.Limits;
import org.junit.jupiter.api.Test;

class ExtractOptionsTest {
    @Test
    void aBuilderStartsFromTheOptionsItWasMadeFrom() {
        assertEquals(ExtractOptions.defaults(false), ExtractOptions.defaults(false).toBuilder().build());
        assertEquals(ExtractOptions.rootFileSystem(true), ExtractOptions.rootFileSystem(true).toBuilder().build());
        assertEquals(ExtractOptions.defaults(), ExtractOptions.builder().build());
    }

    @Test
    void eachSetterChangesItsComponentOnly() {
        ExtractOptions d = ExtractOptions.defaults(false);
        Limits small = Limits.kernel().withMaxEntries(5);
        ExtractOptions changed = d.toBuilder().privileged(true).restoreOwners(true).restoreDevices(true)
                .restoreSpecialBits(true).keepMtimes(false).absoluteNames(ExtractOptions.AbsoluteNames.FAIL)
                .dotDot(ExtractOptions.DotDot.FAIL).overwrite(ExtractOptions.Overwrite.KEEP_EXISTING).fsync(true)
                .limits(small).maxDepth(7).build();
        assertEquals(new ExtractOptions(true, true, true, true, false, ExtractOptions.AbsoluteNames.FAIL,
                ExtractOptions.DotDot.FAIL, ExtractOptions.Overwrite.KEEP_EXISTING, true, small, 7), changed);
        assertEquals(new ExtractOptions(false, false, false, false, true, ExtractOptions.AbsoluteNames.STRIP,
                ExtractOptions.DotDot.SKIP, ExtractOptions.Overwrite.LATER_WINS, false, Limits.kernel(), 7),
                d.toBuilder().maxDepth(7).build());
    }

    @Test
    void theBuilderDoesNotChangeWhatItWasMadeFrom() {
        ExtractOptions d = ExtractOptions.defaults(false);
        ExtractOptions.Builder b = d.toBuilder();
        ExtractOptions first = b.fsync(true).build();
        b.fsync(false);
        assertEquals(ExtractOptions.defaults(false), d);
        assertNotEquals(first, b.build(), "a built value does not follow the builder");
    }

    @Test
    void buildChecksTheComponents() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ExtractOptions.defaults(false).toBuilder().maxDepth(0).build());
        assertEquals("maxDepth (0) must be at least 1", e.getMessage());
        assertThrows(NullPointerException.class, () -> ExtractOptions.defaults(false).toBuilder().limits(null).build());
    }
}
