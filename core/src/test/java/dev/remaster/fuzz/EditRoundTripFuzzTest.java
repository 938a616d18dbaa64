package dev.remaster.fuzz;

import dev.remaster.io.FormatException;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.EntryType;
import dev.remaster.diff.Change;
import dev.remaster.diff.EntryState;
import dev.remaster.diff.ImageDiff;
import dev.remaster.diff.ImageState;
import dev.remaster.image.ArchiveSegment;
import dev.remaster.image.ImageReader;
import dev.remaster.overlay.EditableImage;
import dev.remaster.overlay.SaveOptions;
import dev.remaster.overlay.UnsupportedEditException;
import org.junit.jupiter.api.AfterAll;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Whatever image {@link ImageReader} reads without error, {@link EditableImage} writes back
 * byte for byte when nothing is edited; with one file written (an existing regular file replaced,
 * or a new one added) the written image differs from the source by exactly that file, as
 * {@link ImageDiff} sees the two, and the file reads back as written.
 *
 * <p>Without {@code JAZZER_FUZZ} this runs over the seeds and saved findings in
 * {@code src/test/resources/dev/remaster/fuzz/EditRoundTripFuzzTestInputs/}.
 */
class EditRoundTripFuzzTest {
    private static final ScratchFiles SCRATCH = new ScratchFiles("remaster-fuzz-edit");
    private static final SaveOptions SAVE = SaveOptions.defaults().withThreads(1);
    private static final byte[] CONTENT = "written by the fuzz test\n".getBytes(StandardCharsets.UTF_8);

    private final EntryDrain drain = new EntryDrain();

    @AfterAll
    static void deleteScratch() throws IOException {
        SCRATCH.delete();
    }

    @FuzzTest(maxDuration = "10m")
    void writesBackExactlyWhatWasEdited(byte[] data) throws IOException {
        Path source = SCRATCH.write("source", data);
        Set<String> hardLinked = new TreeSet<>();
        try (ImageReader reader = ImageReader.open(source)) {
            for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                if (e.type() == EntryType.REGULAR && e.nlink() > 1) {
                    hardLinked.add(normalize(e.name()));
                }
                drain.readAll(reader.data());
            }
        } catch (FormatException notAnImage) {
            return;
        }
        ImageState before = ImageState.of(source);

        Path unchanged = SCRATCH.resolve("unchanged");
        Path edited = SCRATCH.resolve("edited");
        String target;
        try (EditableImage image = EditableImage.open(source)) {
            image.writeTo(unchanged, SAVE);
            long mismatch = Files.mismatch(source, unchanged);
            if (mismatch != -1) {
                throw new AssertionError("unedited image written back differs at byte " + mismatch);
            }
            target = chooseTarget(before, hardLinked, image.fileSystem(), data.length % 2 == 0);
            Files.write(image.fileSystem().getPath(target), CONTENT);
            if (image.segments().stream().noneMatch(s -> s instanceof ArchiveSegment)) {
                try {
                    image.writeTo(edited, SAVE);
                } catch (UnsupportedEditException expected) {
                    return; // only NUL padding: no archive to put the file in
                }
                throw new AssertionError("a file was added to an image without an archive");
            }
            image.writeTo(edited, SAVE);
        }

        List<Change> changes = ImageDiff.compare(before, ImageState.of(edited));
        Change.Kind expected = before.paths().containsKey(target) ? Change.Kind.CHANGED : Change.Kind.ADDED;
        if (changes.size() != 1 || !changes.get(0).path().equals(target) || changes.get(0).kind() != expected) {
            throw new AssertionError("writing " + target + " (" + expected + ") gave the changes " + changes);
        }
        EntryState after = changes.get(0).after();
        if (after.type() != EntryType.REGULAR || after.size() != CONTENT.length || !sha256(CONTENT).equals(after.sha256())) {
            throw new AssertionError(target + " reads back as " + after);
        }
    }

    /**
     * An existing regular file that is not hard-linked (writing a link changes its whole group)
     * and that the edit view shows under the same path, when asked for and there is one; else a
     * new name in the root directory. (The view leaves out names that are not UTF-8 or that have
     * {@code ..} components; the diff lists them, spelled as best it can.)
     */
    private static String chooseTarget(ImageState state, Set<String> hardLinked, FileSystem view, boolean replace) {
        if (replace) {
            for (EntryState s : state.paths().values()) {
                if (s.type() == EntryType.REGULAR && !hardLinked.contains(s.path())
                        && !s.path().contains("\uFFFD") && !("/" + s.path() + "/").contains("/../")
                        && Files.isRegularFile(view.getPath(s.path()), LinkOption.NOFOLLOW_LINKS)) {
                    return s.path();
                }
            }
        }
        String name = "/fuzz-added";
        for (int i = 0; state.paths().containsKey(name); i++) {
            name = "/fuzz-added-" + i;
        }
        return name;
    }

    private static String normalize(String name) {
        StringBuilder sb = new StringBuilder();
        for (String part : name.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                sb.append('/').append(part);
            }
        }
        return sb.length() == 0 ? "/" : sb.toString();
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
