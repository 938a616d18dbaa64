package dev.remaster.compress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every codec decodes what it encodes, for every kind of input, read every way: in bulk, a byte at
 * a time, through {@link PipelinedInputStream}, and from a raw stream that hands out a few bytes
 * per read. The compressed size reported is the length of what the encoder wrote.
 */
class RoundTripTest {
    enum Input {
        EMPTY(0), ONE_BYTE(1), SMALL_TEXT(1000), RANDOM(300_000), TEXT(1_500_000), MIXED(2_500_000);

        final int size;

        Input(int size) {
            this.size = size;
        }

        byte[] bytes() {
            return switch (this) {
                case EMPTY -> new byte[0];
                case ONE_BYTE -> new byte[] {42};
                case SMALL_TEXT, TEXT -> Samples.text(size, size);
                case RANDOM -> Samples.random(size, size);
                case MIXED -> Samples.mixed(size, size);
            };
        }
    }

    /** Each input encoded once, for all read styles: the pure-Java LZMA encoders are slow. */
    private static final Map<String, byte[]> ENCODED = new ConcurrentHashMap<>();

    enum ReadStyle { BULK, BYTE_AT_A_TIME, PIPELINED, TRICKLING_RAW }

    static Stream<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (Compression c : Compression.values()) {
            for (Input input : Input.values()) {
                for (ReadStyle style : ReadStyle.values()) {
                    if (style == ReadStyle.BYTE_AT_A_TIME && input.size > 300_000) {
                        continue;
                    }
                    cases.add(Arguments.of(c, input, style));
                }
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0} {1} {2}")
    @MethodSource("cases")
    void decodesWhatItEncodes(Compression c, Input input, ReadStyle style) throws IOException {
        byte[] data = input.bytes();
        byte[] encoded = ENCODED.computeIfAbsent(c + " " + input, k -> encode(c, data));
        InputStream raw = style == ReadStyle.TRICKLING_RAW ? new Trickle(encoded) : new ByteArrayInputStream(encoded);
        MemberInputStream decoder = c.newDecoder(raw, "test", 0);
        if (style == ReadStyle.PIPELINED) {
            decoder = new PipelinedInputStream(decoder, 4096, 3);
        }
        byte[] decoded;
        try (MemberInputStream in = decoder) {
            if (style == ReadStyle.BYTE_AT_A_TIME) {
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                for (int b = in.read(); b >= 0; b = in.read()) {
                    out.write(b);
                }
                decoded = out.toByteArray();
            } else {
                decoded = in.readAllBytes();
            }
            assertEquals(-1, in.read(), "stays at the end");
            assertEquals(encoded.length, in.compressedSize(), "compressed size");
            assertEquals(c, in.compression());
        }
        assertArrayEquals(data, decoded);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void twentyMegabytes(Compression c) throws IOException {
        byte[] data = Samples.mixed(20_000_000, 20);
        // The lowest level keeps the slow pure-Java encoders (bzip2, xz, lzma) quick.
        EncoderOptions options = EncoderOptions.defaults(c).withLevel(c == Compression.GZIP ? 6 : c.minLevel()).withThreads(2);
        byte[] encoded = Samples.encode(c, data, options);
        try (MemberInputStream in = new PipelinedInputStream(c.newDecoder(new ByteArrayInputStream(encoded), "big", 0))) {
            assertArrayEquals(data, in.readAllBytes());
            assertEquals(encoded.length, in.compressedSize());
        }
    }

    private static byte[] encode(Compression c, byte[] data) {
        try {
            return Samples.encode(c, data, EncoderOptions.defaults(c).withThreads(2));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A raw input that returns at most 7 bytes per read, as a slow pipe might. */
    private static final class Trickle extends FilterInputStream {
        Trickle(byte[] data) {
            super(new ByteArrayInputStream(data));
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            return super.read(b, off, Math.min(len, 7));
        }
    }
}
