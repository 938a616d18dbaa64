package dev.remaster.compress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged members fail with a {@link CompressedDataException} that names the source, the codec and
 * an offset inside the member (the member's offset in the source included): truncated anywhere,
 * a byte changed in the data or in a checksum, or the wrong magic. Never another exception, never
 * a hang.
 */
class CorruptInputTest {
    private static final byte[] DATA = Samples.text(400_000, 5);
    private static final long MEMBER_OFFSET = 10_000;
    private static final Map<Compression, byte[]> ENCODED = new ConcurrentHashMap<>();

    static Stream<Compression> compressed() {
        return Arrays.stream(Compression.values()).filter(c -> c != Compression.NONE);
    }

    static Stream<Arguments> truncations() {
        List<Arguments> cases = new ArrayList<>();
        compressed().forEach(c -> {
            for (double fraction : new double[] {0.0, 0.5, 0.999}) {
                cases.add(Arguments.of(c, fraction));
            }
            cases.add(Arguments.of(c, -1.0)); // all but the last byte
            cases.add(Arguments.of(c, -2.0)); // only a few header bytes
        });
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} cut at {1}")
    @MethodSource("truncations")
    void truncatedMemberFails(Compression c, double where) throws IOException {
        byte[] member = member(c);
        int length = where == -1.0 ? member.length - 1 : where == -2.0 ? 3 : (int) (member.length * where);
        if (c == Compression.LZ4_LEGACY && length < 4) {
            length = 3; // the magic itself cut
        }
        byte[] cut = Arrays.copyOf(member, length);
        CompressedDataException e = decodeFailing(c, cut);
        assertTrue(e.offset() >= MEMBER_OFFSET && e.offset() <= MEMBER_OFFSET + length,
                "offset " + e.offset() + " within the truncated member: " + e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compressed")
    void changedDataFails(Compression c) throws IOException {
        byte[] member = member(c).clone();
        int middle = member.length / 2;
        if (c == Compression.LZ4_LEGACY) {
            // LZ4 has no checksum: a changed literal decodes silently, as with the kernel. A block of
            // nonsense does not decode.
            Arrays.fill(member, middle, member.length, (byte) 0xFF);
        } else {
            for (int i = 0; i < 16; i++) {
                member[middle + i] ^= (byte) 0x5A;
            }
        }
        CompressedDataException e = decodeFailing(c, member);
        assertTrue(e.offset() >= MEMBER_OFFSET && e.offset() <= MEMBER_OFFSET + member.length, e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(value = Compression.class, names = {"GZIP", "BZIP2", "XZ", "ZSTD", "LZO"})
    void changedChecksumFails(Compression c) throws IOException {
        byte[] member = member(c).clone();
        // The stored checksum of the whole data: gzip's CRC32 is 8 bytes from the end; bzip2's
        // combined CRC ends with the stream, xz's CRC32 precedes the index; zstd's xxhash is the
        // last 4 bytes; lzop's Adler-32 of the first block follows its two sizes after the header.
        int at = switch (c) {
            case GZIP -> member.length - 8;
            case BZIP2 -> member.length - 2;
            case XZ -> xzCheckOffset(member);
            case ZSTD -> member.length - 2;
            case LZO -> 9 + 29 + 8;
            default -> throw new AssertionError(c);
        };
        member[at] ^= 0x01;
        CompressedDataException e = decodeFailing(c, member);
        assertTrue(e.getMessage().toLowerCase().matches(".*(crc|checksum|adler|check).*"), e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compressed")
    void wrongMagicFails(Compression c) {
        byte[] junk = "0123456789abcdef0123456789abcdef".getBytes();
        CompressedDataException e = assertThrows(CompressedDataException.class,
                () -> c.newDecoder(new ByteArrayInputStream(junk), "junk.bin", MEMBER_OFFSET));
        assertEquals(MEMBER_OFFSET, e.offset(), e.getMessage());
        assertTrue(e.getMessage().startsWith("junk.bin: at offset 10000 (0x2710): " + c.displayName() + ": "),
                e.getMessage());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("compressed")
    void emptyInputFails(Compression c) {
        assertThrows(CompressedDataException.class,
                () -> c.newDecoder(new ByteArrayInputStream(new byte[0]), "empty", 0));
    }

    /** Decodes, expecting a CompressedDataException that names source, codec and offset. */
    private static CompressedDataException decodeFailing(Compression c, byte[] input) {
        CompressedDataException e = assertThrows(CompressedDataException.class, () -> {
            try (MemberInputStream in = c.newDecoder(new ByteArrayInputStream(input), "initrd.img", MEMBER_OFFSET)) {
                in.readAllBytes();
            }
        });
        assertEquals(c, e.compression());
        assertEquals("initrd.img", e.source());
        assertTrue(e.getMessage().startsWith("initrd.img: at offset "), e.getMessage());
        assertTrue(e.getMessage().contains(": " + c.displayName() + ": "), e.getMessage());
        return e;
    }

    /** The 4-byte CRC32 of the single block comes just before the index (which starts with 00). */
    private static int xzCheckOffset(byte[] member) {
        int backwardSize = ((member[member.length - 8] & 0xFF) | (member[member.length - 7] & 0xFF) << 8
                | (member[member.length - 6] & 0xFF) << 16 | (member[member.length - 5] & 0xFF) << 24);
        int indexSize = (backwardSize + 1) * 4;
        return member.length - 12 - indexSize - 4;
    }

    private static byte[] member(Compression c) {
        return ENCODED.computeIfAbsent(c, k -> {
            try {
                return Samples.encode(k, DATA);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
