package dev.remaster.compress.zstd;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Any bytes given to {@link ZstdFrameDecoder} decode or are refused with a
 * {@link ZstdFormatException} at an offset inside the input: never another exception, an error
 * or a hang. Decoding inline and with the reading step on its own thread gives the same bytes or
 * the same refusal, and the block spans tile the content with dependencies no later than their
 * block.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs over the seeds in
 * {@code src/test/resources/dev/remaster/compress/zstd/ZstdFrameDecoderFuzzTestInputs/}, made with
 * the zstd CLI 1.5.4 from small generated inputs (initramfs-like words, zeros, random bytes, a
 * mix): {@code seed-text-19} ({@code zstd -19}), {@code seed-small-nocheck} ({@code zstd -1
 * --no-check} from stdin), {@code seed-zeros} ({@code -3}, run-length), {@code seed-raw} ({@code -3}
 * of random bytes), {@code seed-mixed} ({@code -19}), {@code seed-mixed-22} ({@code --ultra -22}).
 */
class ZstdFrameDecoderFuzzTest {
    @FuzzTest(maxDuration = "10m")
    void decodesOrRefuses(byte[] data) throws IOException {
        Outcome inline = decode(data, false);
        Outcome threaded = decode(data, true);
        if (!inline.equals(threaded)) {
            throw new AssertionError("inline " + inline + " but threaded " + threaded);
        }
    }

    private record Outcome(byte[] content, long errorOffset, String error) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Outcome other && Arrays.equals(content, other.content)
                    && errorOffset == other.errorOffset && java.util.Objects.equals(error, other.error);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(content);
        }

        @Override
        public String toString() {
            return error == null ? content.length + " bytes" : "refused at " + errorOffset + ": " + error;
        }
    }

    private static Outcome decode(byte[] data, boolean threaded) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        List<BlockSpan> spans = new ArrayList<>();
        ZstdFrameDecoder decoder = new ZstdFrameDecoder(new ByteArrayInputStream(data));
        decoder.threaded(threaded);
        decoder.onBlock(spans::add);
        byte[] buf = new byte[8192];
        try (decoder) {
            for (int n; (n = decoder.read(buf, 0, buf.length)) >= 0; ) {
                out.write(buf, 0, n);
            }
        } catch (ZstdFormatException refused) {
            if (refused.offset() < 0 || refused.offset() > data.length) {
                throw new AssertionError("offset " + refused.offset() + " outside the input of " + data.length, refused);
            }
            return new Outcome(null, refused.offset(), refused.detail());
        }
        if (decoder.consumed() > data.length) {
            throw new AssertionError("consumed " + decoder.consumed() + " of " + data.length + " bytes");
        }
        long content = 0;
        for (BlockSpan s : spans) {
            if (s.contentOffset() != content || s.earliestDependency() > s.contentOffset() || s.earliestDependency() < 0
                    || s.contentSize() > ZstdFrameDecoder.BLOCK_SIZE_MAX) {
                throw new AssertionError("bad span " + s + " at content " + content);
            }
            content += s.contentSize();
        }
        if (content != out.size()) {
            throw new AssertionError("spans cover " + content + " bytes of " + out.size());
        }
        return new Outcome(out.toByteArray(), -1, null);
    }
}
