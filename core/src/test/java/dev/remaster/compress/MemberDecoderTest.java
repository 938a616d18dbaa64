package dev.remaster.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Random;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What all decoders share: an I/O failure of the raw input passes through as itself, not as
 * corrupt data; the raw input is not closed; and randomly damaged members give decoded bytes or a
 * {@link CompressedDataException}, never another exception.
 */
class MemberDecoderTest {
    @ParameterizedTest
    @EnumSource(Compression.class)
    void rawFailurePassesThrough(Compression c) throws IOException {
        byte[] member = Samples.encode(c, Samples.mixed(600_000, 3));
        IOException failure = new IOException("disk on fire");
        InputStream raw = new ByteArrayInputStream(member, 0, member.length / 2) {
            @Override
            public synchronized int read(byte[] b, int off, int len) {
                int n = super.read(b, off, len);
                if (n < 0) {
                    sneakyThrow(failure);
                }
                return n;
            }
        };
        IOException thrown = assertThrows(IOException.class, () -> {
            try (MemberInputStream in = c.newDecoder(raw, "x", 0)) {
                in.readAllBytes();
            }
        });
        assertSame(failure, thrown);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void rawInputIsNotClosed(Compression c) throws IOException {
        byte[] member = Samples.encode(c, Samples.text(1000, 3));
        boolean[] closed = {false};
        InputStream raw = new ByteArrayInputStream(member) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        try (MemberInputStream in = c.newDecoder(raw, "x", 0)) {
            in.readAllBytes();
        }
        assertFalse(closed[0]);
    }

    @ParameterizedTest
    @EnumSource(value = Compression.class, names = "NONE", mode = EnumSource.Mode.EXCLUDE)
    void damagedMembersFailCleanly(Compression c) throws IOException {
        byte[] member = Samples.encode(c, Samples.mixed(40_000, 4));
        Random random = new Random(c.ordinal());
        for (int round = 0; round < 300; round++) {
            byte[] damaged = member.clone();
            int changes = 1 + random.nextInt(4);
            for (int i = 0; i < changes; i++) {
                damaged[random.nextInt(damaged.length)] = (byte) random.nextInt(256);
            }
            if (random.nextInt(4) == 0) {
                damaged = java.util.Arrays.copyOf(damaged, random.nextInt(damaged.length));
            }
            try (MemberInputStream in = c.newDecoder(new ByteArrayInputStream(damaged), "fuzz", 0)) {
                in.readAllBytes();
                assertTrue(in.compressedSize() <= damaged.length);
            } catch (CompressedDataException expected) {
                // the usual outcome
            } catch (IOException | RuntimeException e) {
                fail(c + " round " + round + " threw " + e, e);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(Throwable t) throws T {
        throw (T) t;
    }
}
