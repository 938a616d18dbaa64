package dev.remaster.fuzz;

import dev.remaster.io.FormatException;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioReader;
import dev.remaster.cpio.Limits;
import dev.remaster.cpio.ReadOptions;

import java.io.ByteArrayInputStream;
import java.io.IOException;

/**
 * Any bytes given to {@link CpioReader} give entries whose data is exactly as long as their
 * headers say, or a {@link FormatException}: never another exception, an error, a hang or
 * memory beyond the limits of {@link ReadOptions}.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs over the seeds and saved findings in
 * {@code src/test/resources/dev/remaster/fuzz/CpioReaderFuzzTestInputs/}.
 */
class CpioReaderFuzzTest {
    private static final ReadOptions SMALL_LIMITS = ReadOptions.defaults()
            .withLimits(Limits.defaults().withMaxNameSize(24).withMaxLinkTargetSize(12).withMaxEntries(6));
    private static final ReadOptions LENIENT = ReadOptions.defaults()
            .withVerifyChecksums(false).withStopAtForeignData(true).withBaseOffset(1L << 40);

    private final EntryDrain drain = new EntryDrain();

    @FuzzTest(maxDuration = "10m")
    void readsEntriesOrRefuses(byte[] data) throws IOException {
        read(data, ReadOptions.defaults(), true);
        read(data, SMALL_LIMITS, false);
        read(data, LENIENT, true);
    }

    private void read(byte[] data, ReadOptions options, boolean readData) throws IOException {
        try (CpioReader reader = CpioReader.of(new ByteArrayInputStream(data), options)) {
            EntryDrain.Totals totals = drain.drain(new LimitCheckingReader(reader), readData);
            if (totals.entries() + totals.trailers() > options.limits().maxEntries()) {
                throw new AssertionError(totals + " passed the limit of " + options.limits().maxEntries() + " entries");
            }
            if (reader.position() > data.length) {
                throw new AssertionError("position " + reader.position() + " is past the input's " + data.length + " bytes");
            }
        } catch (FormatException expected) {
            if (expected.getMessage() == null || expected.getMessage().isEmpty()) {
                throw new AssertionError("format exception without a message", expected);
            }
        }
    }

    /** Checks every entry against the reader's limits as it passes. */
    private record LimitCheckingReader(CpioReader reader) implements dev.remaster.cpio.EntryReader {
        @Override
        public CpioEntry next() throws IOException {
            CpioEntry e = reader.next();
            if (e != null) {
                ReadOptions o = reader.options();
                if (e.nameLength() + 1 > o.limits().maxNameSize()) {
                    throw new AssertionError("name of " + e.nameLength() + " bytes passed the limit " + o.limits().maxNameSize());
                }
                if (e.linkTargetBytes() != null && e.linkTargetBytes().length > o.limits().maxLinkTargetSize()) {
                    throw new AssertionError("link target passed the limit " + o.limits().maxLinkTargetSize());
                }
                if (e.headerOffset() < o.baseOffset()) {
                    throw new AssertionError("header offset " + e.headerOffset() + " before the base offset");
                }
            }
            return e;
        }

        @Override
        public java.io.InputStream data() {
            return reader.data();
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }
}
