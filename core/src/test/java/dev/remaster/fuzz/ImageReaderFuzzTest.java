package dev.remaster.fuzz;

import dev.remaster.io.FormatException;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.remaster.compress.Compression;
import dev.remaster.compress.MemberInputStream;
import dev.remaster.cpio.Limits;
import dev.remaster.cpio.ReadOptions;
import dev.remaster.image.ArchiveSegment;
import dev.remaster.image.ImageReader;
import dev.remaster.image.Segment;
import org.junit.jupiter.api.AfterAll;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Any file given to {@link ImageReader} is read completely (segments found, compressed members
 * decoded, every entry's data read) or refused with a {@link FormatException}; any bytes given
 * to a {@link Compression}'s decoder decode or are refused the same way. Never another exception,
 * an error, a hang or unbounded memory.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs over the seeds and saved findings in
 * {@code src/test/resources/dev/remaster/fuzz/ImageReaderFuzzTestInputs/}.
 */
class ImageReaderFuzzTest {
    private static final ScratchFiles SCRATCH = new ScratchFiles("remaster-fuzz-image");
    private static final Compression[] CODECS = Compression.values();

    private final EntryDrain drain = new EntryDrain();

    @AfterAll
    static void deleteScratch() throws IOException {
        SCRATCH.delete();
    }

    /** The bytes as an initramfs file. */
    @FuzzTest(maxDuration = "10m")
    void readsImageOrRefuses(byte[] data) throws IOException {
        Path file = SCRATCH.write("image", data);
        readImage(file, ReadOptions.defaults(), true);
        readImage(file, ReadOptions.defaults().withLimits(Limits.defaults().withMaxEntries(5).withMaxNameSize(32)), false);
    }

    /**
     * The first byte picks the codec ({@link Compression#values()} index, modulo their number); the
     * rest is one member for its decoder.
     */
    @FuzzTest(maxDuration = "10m")
    void decodesMemberOrRefuses(byte[] data) throws IOException {
        if (data.length == 0) {
            return;
        }
        Compression codec = CODECS[(data[0] & 0xff) % CODECS.length];
        int length = data.length - 1;
        try (MemberInputStream member = codec.newDecoder(new ByteArrayInputStream(data, 1, length), "fuzz", 0)) {
            drain.readAll(member);
            long used = member.compressedSize();
            if (used < 0 || used > length) {
                throw new AssertionError(codec + " member of " + used + " bytes in an input of " + length);
            }
            if (member.read() != -1) {
                throw new AssertionError(codec + " member gave more bytes after its end");
            }
        } catch (FormatException expected) {
            // refused: what bad input must give
        }
    }

    private void readImage(Path file, ReadOptions options, boolean readData) throws IOException {
        long fileSize = java.nio.file.Files.size(file);
        try (ImageReader reader = ImageReader.open(file, options)) {
            EntryDrain.Totals totals = drain.drain(reader, readData);
            checkLayout(reader.segments(), fileSize, totals);
        } catch (FormatException expected) {
            // refused: what bad input must give
        }
    }

    /** Segments tile the file, and their counts add up to what was read. */
    private static void checkLayout(List<Segment> segments, long fileSize, EntryDrain.Totals totals) {
        long at = 0;
        long entries = 0;
        long archives = 0;
        for (Segment s : segments) {
            if (s.offset() != at || s.length() <= 0) {
                throw new AssertionError("segment " + s + " does not follow at " + at);
            }
            at = s.end();
            if (s instanceof ArchiveSegment a) {
                entries += a.entries();
                archives += a.archives();
            }
        }
        if (at != fileSize) {
            throw new AssertionError("segments end at " + at + ", the file at " + fileSize + ": " + segments);
        }
        if (entries != totals.entries() || archives != totals.trailers()) {
            throw new AssertionError("segments count " + entries + " entries and " + archives
                    + " archives, the reader gave " + totals);
        }
    }
}
