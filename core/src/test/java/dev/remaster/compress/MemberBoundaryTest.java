package dev.remaster.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link MemberInputStream#compressedSize()} is the member's exact length whatever follows it:
 * junk, NUL padding, a second member of the same codec, or a member of another codec. The second
 * member then decodes from where the first one said it ended, with offsets counted from there.
 */
class MemberBoundaryTest {
    private static final byte[] FIRST = Samples.mixed(1_200_000, 1);
    private static final byte[] SECOND = Samples.text(50_000, 2);

    /** Each codec's first member, encoded once: the pure-Java LZMA encoders are slow. */
    private static final Map<Compression, byte[]> ENCODED = new ConcurrentHashMap<>();

    enum Follower { JUNK, NUL_PADDING, SAME_CODEC, OTHER_CODEC, ONE_STRAY_BYTE }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Compression c : Compression.values()) {
            if (c == Compression.NONE) {
                continue;
            }
            for (Follower f : Follower.values()) {
                cases.add(Arguments.of(c, f));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} followed by {1}")
    @MethodSource("cases")
    void sizeIsExactWhateverFollows(Compression c, Follower follower) throws IOException {
        byte[] member = ENCODED.computeIfAbsent(c, k -> encode(k, FIRST));
        Compression next = follower == Follower.OTHER_CODEC
                ? (c == Compression.GZIP ? Compression.ZSTD : Compression.GZIP) : c;
        byte[] after = switch (follower) {
            case JUNK -> "this is not compressed data at all".getBytes(StandardCharsets.US_ASCII);
            case NUL_PADDING -> new byte[512];
            case SAME_CODEC, OTHER_CODEC -> Samples.encode(next, SECOND, EncoderOptions.defaults(next).withThreads(1));
            case ONE_STRAY_BYTE -> new byte[] {7};
        };
        InputStream raw = new ByteArrayInputStream(Samples.concat(member, after));
        Samples.Decoded first = Samples.decode(c, raw, 0);
        assertArrayEquals(FIRST, first.data());
        assertEquals(member.length, first.compressedSize());

        if (follower == Follower.SAME_CODEC || follower == Follower.OTHER_CODEC) {
            InputStream rest = new ByteArrayInputStream(Samples.concat(member, after));
            rest.skipNBytes(first.compressedSize());
            Samples.Decoded second = Samples.decode(next, rest, first.compressedSize());
            assertArrayEquals(SECOND, second.data());
            assertEquals(after.length, second.compressedSize());
        }
    }

    private static byte[] encode(Compression c, byte[] data) {
        try {
            return Samples.encode(c, data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void xzStreamPaddingIsNotPartOfTheMember() throws IOException {
        byte[] member = Samples.encode(Compression.XZ, FIRST);
        Samples.Decoded d = Samples.decode(Compression.XZ, Samples.concat(member, new byte[4]));
        assertEquals(member.length, d.compressedSize());
    }

    @Test
    void gzipMembersOfOneMultiMemberFileAreReadOneAtATime() throws IOException {
        byte[] a = Samples.encode(Compression.GZIP, FIRST);
        byte[] b = Samples.encode(Compression.GZIP, SECOND);
        Samples.Decoded d = Samples.decode(Compression.GZIP, Samples.concat(a, b));
        assertArrayEquals(FIRST, d.data(), "the first member only");
        assertEquals(a.length, d.compressedSize());
    }

    @Test
    void noneReadsToTheEnd() throws IOException {
        byte[] all = Samples.concat(FIRST, SECOND);
        Samples.Decoded d = Samples.decode(Compression.NONE, all);
        assertArrayEquals(all, d.data());
        assertEquals(all.length, d.compressedSize());
    }
}
