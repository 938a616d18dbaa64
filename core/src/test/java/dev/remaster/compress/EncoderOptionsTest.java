package dev.remaster.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class EncoderOptionsTest {
    @Test
    void defaultsAreTheCodecsLevelAndOneThreadPerProcessor() {
        EncoderOptions o = EncoderOptions.defaults(Compression.XZ);
        assertEquals(6, o.level());
        assertEquals(Runtime.getRuntime().availableProcessors(), o.threads());
        assertEquals(9, EncoderOptions.defaults(Compression.BZIP2).level());
        assertEquals(3, EncoderOptions.defaults(Compression.ZSTD).level());
    }

    @Test
    void withersReplaceOneValue() {
        EncoderOptions o = new EncoderOptions(5, 3);
        assertEquals(new EncoderOptions(9, 3), o.withLevel(9));
        assertEquals(new EncoderOptions(5, 1), o.withThreads(1));
    }

    @Test
    void threadsMustBePositive() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new EncoderOptions(6, 0));
        assertEquals("threads (0) must be at least 1", e.getMessage());
    }
}
