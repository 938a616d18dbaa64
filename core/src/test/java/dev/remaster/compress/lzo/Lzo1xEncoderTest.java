package dev.remaster.compress.lzo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.remaster.compress.lzo.Lzo1xTrace.Kind;
import io.airlift.compress.lzo.LzoCompressor;
import io.airlift.compress.lzo.LzoDecompressor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every block the encoder writes decodes, with aircompressor's decoder (the one our readers use)
 * and with an independent strict decoder ({@link Lzo1xTrace}) that also shows which encodings
 * were chosen: each of LZO1X's match and literal encodings at its boundaries.
 */
class Lzo1xEncoderTest {
    private static final String[] WORDS = {"the ", "kernel ", "initramfs ", "cpio ", "archive ", "module ",
        "squashfs ", "lzo ", "block ", "compress ", "# ", "if ", "then ", "fi\n", "/usr/lib/", "=", "\n"};

    static Stream<Arguments> inputs() {
        return Stream.of(
                Arguments.of("empty", new byte[0]),
                Arguments.of("1 byte", new byte[] {42}),
                Arguments.of("2 bytes", new byte[] {1, 2}),
                Arguments.of("3 equal bytes", new byte[] {7, 7, 7}),
                Arguments.of("4 bytes", new byte[] {1, 2, 3, 4}),
                Arguments.of("incompressible 100 KB", random(100_000, 1)),
                Arguments.of("zeros 128 KiB", new byte[128 * 1024]),
                Arguments.of("zeros 1 MiB", new byte[1 << 20]),
                Arguments.of("run of one byte then another", concat(fill(70_000, 'a'), fill(70_000, 'b'))),
                Arguments.of("abab", repeat("ab".getBytes(StandardCharsets.US_ASCII), 50_000)),
                Arguments.of("text 128 KiB", text(128 * 1024, 2)),
                Arguments.of("text 1 MiB", text(1 << 20, 3)),
                Arguments.of("binary 128 KiB", binary(128 * 1024, 4)),
                Arguments.of("every byte value", repeat(allBytes(), 600)),
                Arguments.of("text then noise then text", concat(text(40_000, 5), random(50_000, 6), text(40_000, 5))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("inputs")
    void roundTrips(String name, byte[] data) {
        byte[] block = new Lzo1xEncoder().compress(data, 0, data.length);
        assertTrue(block.length <= Lzo1xEncoder.maxCompressedLength(data.length), name);
        assertArrayEquals(data, airDecode(block, data.length), name);
        assertArrayEquals(data, Lzo1xTrace.of(block).output(), name);
    }

    @Test
    void emptyInputIsTheEndMarkerAlone() {
        assertArrayEquals(new byte[] {0x11, 0, 0}, new Lzo1xEncoder().compress(new byte[0], 0, 0));
    }

    @Test
    void aSliceOfALargerArrayIsCompressedAlone() {
        byte[] data = concat(random(1000, 7), text(20_000, 8), random(1000, 9));
        byte[] slice = Arrays.copyOfRange(data, 1000, 21_000);
        byte[] fromSlice = new Lzo1xEncoder().compress(data, 1000, 20_000);
        assertArrayEquals(new Lzo1xEncoder().compress(slice, 0, slice.length), fromSlice);
        assertArrayEquals(slice, airDecode(fromSlice, slice.length));
    }

    @Test
    void anEncoderIsReusedAcrossBlocksOfAnySize() {
        Lzo1xEncoder encoder = new Lzo1xEncoder();
        for (byte[] data : new byte[][] {text(300_000, 10), text(5_000, 11), new byte[0], binary(70_000, 12)}) {
            byte[] block = encoder.compress(data, 0, data.length);
            assertArrayEquals(new Lzo1xEncoder().compress(data, 0, data.length), block);
            assertArrayEquals(data, airDecode(block, data.length));
        }
    }

    /** Far smaller than aircompressor's LZO1X-1 on text: the point of a thorough encoder. */
    @Test
    void textIsSmallerThanLzo1x1() {
        byte[] data = text(128 * 1024, 13);
        int ours = new Lzo1xEncoder().compress(data, 0, data.length).length;
        LzoCompressor fast = new LzoCompressor();
        int theirs = fast.compress(data, 0, data.length, new byte[fast.maxCompressedLength(data.length)], 0,
                fast.maxCompressedLength(data.length));
        assertTrue(ours < theirs * 0.9, ours + " vs LZO1X-1's " + theirs);
        Lzo1xEncoder light = new Lzo1xEncoder(new Lzo1xEncoder.Effort(1, 8));
        assertArrayEquals(data, airDecode(light.compress(data, 0, data.length), data.length));
    }

    /**
     * A match of 16 bytes at each distance boundary: M3 up to 0x4000, M4 beyond (its high bit from
     * 0x8001), none at 0xc000, one more than LZO1X reaches.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 1024, 1025, 2048, 2049, 3072, 3073, 0x3FFF, 0x4000, 0x4001, 0x8000, 0x8001, 0xBFFF, 0xC000})
    void matchAtEachDistanceBoundary(int distance) {
        byte[] data;
        if (distance < 16) {
            // The 16 bytes overlap their own source: a run of period `distance` after random bytes.
            byte[] unit = random(distance, 99);
            byte[] run = new byte[distance + 16];
            for (int i = 0; i < run.length; i++) {
                run[i] = unit[i % distance];
            }
            data = concat(random(64, 98), run, new byte[] {(byte) ~run[16]}, random(40, 97));
        } else {
            byte[] head = random(distance, distance);
            data = concat(head, Arrays.copyOf(head, 16), new byte[] {(byte) ~head[16]}, random(40, distance + 1));
        }
        Lzo1xTrace t = roundTrip(data);
        Kind kind = distance <= 0x4000 ? Kind.M3 : Kind.M4_LONG;
        if (distance <= 0xBFFF) {
            assertTrue(t.has(kind, 16, distance), distance + ": " + t.instructions);
        } else {
            assertTrue(t.instructions.stream().allMatch(i -> i.distance() == 0 || i.length() < 8),
                    "no match beyond 0xbfff: " + t.instructions);
        }
        assertTrue(t.instructions.stream().allMatch(i -> i.distance() <= 0xBFFF));
    }

    /** Match lengths at the edges of each encoding: M2 3–8, M3 33/34 and 288/289, M4 9/10 and 264/265. */
    @ParameterizedTest
    @ValueSource(ints = {3, 8, 9, 10, 33, 34, 264, 265, 288, 289, 600})
    void matchLengthBoundaries(int length) {
        for (int distance : new int[] {1500, 10_000, 30_000}) {
            byte[] head = random(distance, length * 7L + distance);
            byte[] copy = Arrays.copyOf(head, length);
            // The bytes after the copy differ from the source's next byte, so the match is exactly `length`.
            byte[] stop = {(byte) ~head[length]};
            byte[] data = concat(head, copy, stop, random(30, 5));
            Lzo1xTrace t = roundTrip(data);
            Kind kind;
            if (distance <= 2048 && length <= 8) {
                kind = Kind.M2;
            } else if (distance <= 0x4000) {
                kind = length <= 33 ? Kind.M3 : Kind.M3_LONG;
            } else {
                kind = length <= 9 ? Kind.M4 : Kind.M4_LONG;
            }
            if (length == 3 && distance > 2048) {
                // A 3-byte match costs 3 bytes, as 3 literals do: either is as small.
                continue;
            }
            assertTrue(t.has(kind, length, distance), length + " at " + distance + ": " + t.instructions);
        }
    }

    /** Literal runs after a match: 0–3 in the SS bits, 4–18 in the instruction, 19 and more with length bytes. */
    @ParameterizedTest
    @ValueSource(ints = {0, 1, 2, 3, 4, 18, 19, 20, 238, 239, 273, 274, 529, 530, 1000})
    void literalRunsAfterAMatch(int literals) {
        byte[] source = random(64, 1000 + literals);
        byte[] gap = distinctRandom(literals, 2000 + literals);
        // Two matches of 32 with the gap between; neither continues past its 32 bytes.
        byte[] first = Arrays.copyOf(source, 32);
        byte[] second = Arrays.copyOfRange(source, 40, 72 - 8);
        byte[] data = concat(source, first, new byte[0], gap, second, random(8, 3));
        if (literals > 0) {
            gap[0] = other(source[32], source[32]);
            gap[literals - 1] = other(source[39], source[39]);
            data = concat(source, first, gap, second, random(8, 3));
        }
        Lzo1xTrace t = roundTrip(data);
        assertEquals(new Lzo1xTrace.Instruction(Kind.M3, 32, 64), t.instructions.get(1), t.instructions.toString());
        Lzo1xTrace.Instruction next = t.instructions.get(2);
        if (literals == 0) {
            assertTrue(next.distance() > 0, "a match right after the match: " + t.instructions);
            return;
        }
        Kind kind = literals <= 3 ? Kind.STATE_LITERALS : literals <= 18 ? Kind.RUN : Kind.RUN_LONG;
        assertEquals(new Lzo1xTrace.Instruction(kind, literals, 0), next, t.instructions.toString());
    }

    /** The first literals: 1–3 and 4–238 in the first byte, 239 and more as an ordinary run. */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 4, 237, 238, 239, 300})
    void firstLiterals(int literals) {
        byte[] head = distinctRandom(literals, literals);
        byte[] data = concat(repeat(head, 1 + Math.max(2, (16 + literals - 1) / literals)), random(4, 1));
        Lzo1xTrace t = roundTrip(data);
        Lzo1xTrace.Instruction first = t.instructions.get(0);
        Kind kind = literals <= 3 ? Kind.FIRST_SHORT : literals <= 238 ? Kind.FIRST_LONG : Kind.RUN_LONG;
        assertEquals(new Lzo1xTrace.Instruction(kind, literals, 0), first, t.instructions.toString());
    }

    /**
     * The M1 encodings, which only a parse that weighs costs chooses: a 2-byte match after 1 to 3
     * literals (2 bytes, where the literals around it would need an instruction of their own), and
     * a 3-byte match at 2049 to 3072 after a run of literals (2 bytes, where M3 takes 3).
     */
    @Test
    void m1MatchesAreChosenWhereTheySave() {
        byte[] r = random(3000, 50);
        // 3000: a match of 10 at 3000; 3010: 1 literal; 3011: 2 bytes from 500 back; 3013: 2 literals;
        // 3015: a match of 10 from r[100]; then 20 random bytes.
        byte[] near = concat(r, Arrays.copyOf(r, 10), new byte[5], Arrays.copyOfRange(r, 100, 110), random(20, 51));
        near[3010] = other(r[10], r[2510]);
        near[3011] = r[2511];
        near[3012] = r[2512];
        near[3013] = other(r[2513], r[2513]);
        near[3014] = other(r[99], r[99]);
        Lzo1xTrace t = roundTrip(near);
        assertTrue(t.has(Kind.M1_NEAR, 2, 500), t.instructions.toString());

        // 3000: a match of 10 at 3000; 3010: 5 literals; 3015: 3 bytes from 2500 back; 3018: 2 literals;
        // 3020: a match of 10 from r[200]; then 20 random bytes.
        byte[] far = concat(r, Arrays.copyOf(r, 10), random(5, 52), new byte[5], Arrays.copyOfRange(r, 200, 210),
                random(20, 54));
        far[3010] = other(r[10], r[10]);
        far[3014] = other(r[514], r[514]);
        System.arraycopy(r, 515, far, 3015, 3);
        far[3018] = other(r[518], r[518]);
        far[3019] = other(r[199], r[199]);
        t = roundTrip(far);
        assertTrue(t.has(Kind.M1_FAR, 3, 2500), t.instructions.toString());
    }

    /** A byte equal to neither. */
    private static byte other(byte a, byte b) {
        byte v = 0x5A;
        while (v == a || v == b) {
            v++;
        }
        return v;
    }

    /** Random inputs of every kind: runs, copies at any distance and length, noise, small alphabets. */
    @Test
    void fuzz() {
        Random r = new Random(20261204);
        for (int iteration = 0; iteration < 300; iteration++) {
            int size = r.nextInt(8) == 0 ? r.nextInt(300_000) : r.nextInt(5_000);
            byte[] data = new byte[size];
            int alphabet = 1 + r.nextInt(r.nextBoolean() ? 4 : 256);
            int i = 0;
            while (i < size) {
                int kind = r.nextInt(4);
                int n = Math.min(size - i, 1 + r.nextInt(r.nextInt(10) == 0 ? 2000 : 40));
                if (kind == 0 || i == 0) {
                    for (int k = 0; k < n; k++) {
                        data[i + k] = (byte) r.nextInt(alphabet);
                    }
                } else if (kind == 1) {
                    Arrays.fill(data, i, i + n, (byte) r.nextInt(256));
                } else {
                    int distance = 1 + r.nextInt(Math.min(i, kind == 2 ? 60_000 : 3_100));
                    for (int k = 0; k < n; k++) {
                        data[i + k] = data[i + k - distance];
                    }
                }
                i += n;
            }
            Lzo1xEncoder encoder = r.nextInt(3) == 0
                    ? new Lzo1xEncoder(new Lzo1xEncoder.Effort(1 + r.nextInt(100), 8 + r.nextInt(400)))
                    : new Lzo1xEncoder();
            byte[] block = encoder.compress(data, 0, size);
            int seed = iteration;
            assertTrue(block.length <= Lzo1xEncoder.maxCompressedLength(size), () -> "bound, iteration " + seed);
            assertArrayEquals(data, airDecode(block, size), () -> "aircompressor, iteration " + seed);
            assertArrayEquals(data, Lzo1xTrace.of(block).output(), () -> "trace, iteration " + seed);
        }
    }

    @Test
    void effortIsChecked() {
        assertThrows(IllegalArgumentException.class, () -> new Lzo1xEncoder.Effort(0, 64));
        assertThrows(IllegalArgumentException.class, () -> new Lzo1xEncoder.Effort(8, 7));
        assertFalse(new Lzo1xEncoder.Effort(1, 8).equals(Lzo1xEncoder.THOROUGH));
    }

    private static Lzo1xTrace roundTrip(byte[] data) {
        byte[] block = new Lzo1xEncoder().compress(data, 0, data.length);
        assertArrayEquals(data, airDecode(block, data.length));
        Lzo1xTrace t = Lzo1xTrace.of(block);
        assertArrayEquals(data, t.output());
        return t;
    }

    /**
     * Decodes with aircompressor, except the empty block ({@code 11 00 00}, the end marker alone),
     * which aircompressor refuses (its own encoder writes nothing for no input): squashfs and lzop
     * never store an empty block, so our readers never meet it; the kernel and liblzo decode it.
     */
    static byte[] airDecode(byte[] block, int size) {
        if (size == 0) {
            assertArrayEquals(new byte[] {0x11, 0, 0}, block);
            return new byte[0];
        }
        byte[] out = new byte[size + 64];
        int n = new LzoDecompressor().decompress(block, 0, block.length, out, 0, out.length);
        return Arrays.copyOf(out, n);
    }

    private static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Random bytes with no 2-byte pair repeated: nothing in them can be a match. */
    private static byte[] distinctRandom(int size, long seed) {
        Random r = new Random(seed);
        boolean[] seen = new boolean[1 << 16];
        byte[] b = new byte[size];
        for (int i = 0; i < size; i++) {
            int v;
            do {
                v = r.nextInt(256);
            } while (i > 0 && seen[(b[i - 1] & 0xFF) << 8 | v]);
            if (i > 0) {
                seen[(b[i - 1] & 0xFF) << 8 | v] = true;
            }
            b[i] = (byte) v;
        }
        return b;
    }

    private static byte[] fill(int size, char c) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) c);
        return b;
    }

    private static byte[] repeat(byte[] unit, int times) {
        byte[] b = new byte[unit.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(unit, 0, b, i * unit.length, unit.length);
        }
        return b;
    }

    private static byte[] allBytes() {
        byte[] b = new byte[256];
        for (int i = 0; i < 256; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    static byte[] text(int size, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(size + 64);
        while (sb.length() < size) {
            sb.append(WORDS[r.nextInt(WORDS.length)]);
            if (r.nextInt(8) == 0) {
                sb.append(Integer.toHexString(r.nextInt(1 << 16))).append(' ');
            }
        }
        sb.setLength(size);
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Little-endian records with small varying fields, as in executables and tables. */
    private static byte[] binary(int size, long seed) {
        Random r = new Random(seed);
        ByteArrayOutputStream out = new ByteArrayOutputStream(size + 16);
        int address = 0x400000;
        while (out.size() < size) {
            address += 4 * (1 + r.nextInt(64));
            int[] fields = {address, r.nextInt(16), 0, r.nextInt(3) == 0 ? r.nextInt() : 0x7F454C46};
            for (int f : fields) {
                out.write(f);
                out.write(f >>> 8);
                out.write(f >>> 16);
                out.write(f >>> 24);
            }
        }
        return Arrays.copyOf(out.toByteArray(), size);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
