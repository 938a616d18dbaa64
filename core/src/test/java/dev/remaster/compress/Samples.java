package dev.remaster.compress;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Random;

/** Test inputs, generated from a seed, and encode/decode shortcuts. */
public final class Samples {
    private static final String[] WORDS = {
        "initramfs", "kernel", "module", "firmware", "/lib/modules/6.1.0/kernel/drivers/", "busybox",
        "mount", "switch_root", "udev", "0755", "root", "cpio", "TRAILER!!!", "e1000e.ko", "ext4",
        "the", "of", "and", "to", "a", "in", "is", "that", "for", "it", "with", "as", "on", "be",
    };

    private Samples() {
    }

    /** Incompressible bytes. */
    public static byte[] random(int size, long seed) {
        byte[] b = new byte[size];
        new Random(seed).nextBytes(b);
        return b;
    }

    /** Text-like bytes that compress about 3 to 5 times. */
    public static byte[] text(int size, long seed) {
        Random r = new Random(seed);
        StringBuilder sb = new StringBuilder(size + 64);
        while (sb.length() < size) {
            sb.append(WORDS[r.nextInt(WORDS.length)]);
            int k = r.nextInt(10);
            sb.append(k == 0 ? "\n" : k == 1 ? Integer.toHexString(r.nextInt()) + " " : " ");
        }
        sb.setLength(size);
        return sb.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    /** Text with stretches of random bytes: compressible blocks and incompressible ones. */
    public static byte[] mixed(int size, long seed) {
        byte[] b = text(size, seed);
        Random r = new Random(seed + 1);
        for (int at = 0; at + 300_000 < size; at += 1_000_000) {
            byte[] noise = new byte[300_000];
            r.nextBytes(noise);
            System.arraycopy(noise, 0, b, at, noise.length);
        }
        return b;
    }

    public static byte[] encode(Compression c, byte[] data) throws IOException {
        return encode(c, data, EncoderOptions.defaults(c));
    }

    public static byte[] encode(Compression c, byte[] data, EncoderOptions options) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (OutputStream out = c.newEncoder(bytes, options)) {
            // Uneven writes, to exercise block boundaries.
            int at = 0;
            int step = 1;
            while (at < data.length) {
                int n = Math.min(step, data.length - at);
                out.write(data, at, n);
                at += n;
                step = step * 3 + 1 > 3_000_000 ? 1 : step * 3 + 1;
            }
        }
        return bytes.toByteArray();
    }

    /** Decodes the member at the start of {@code raw}. */
    public static Decoded decode(Compression c, byte[] raw) throws IOException {
        return decode(c, new java.io.ByteArrayInputStream(raw), 0);
    }

    public static Decoded decode(Compression c, InputStream raw, long memberOffset) throws IOException {
        try (MemberInputStream in = c.newDecoder(raw, "test", memberOffset)) {
            byte[] data = in.readAllBytes();
            return new Decoded(data, in.compressedSize());
        }
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    public record Decoded(byte[] data, long compressedSize) {
    }
}
