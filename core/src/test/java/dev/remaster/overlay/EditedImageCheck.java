package dev.remaster.overlay;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.remaster.compress.PeerTool;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.diff.Change;
import dev.remaster.diff.ImageDiff;
import dev.remaster.image.ImageReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** What every edited compressed image must pass, whatever its codec. */
final class EditedImageCheck {
    private EditedImageCheck() {
    }

    /**
     * The codec's own tool accepts {@code out} as {@code fileName} ({@code codec testFlags...}), GNU cpio lists what our
     * reader lists, and the difference from {@code src} is exactly {@code expected} (writing a file
     * also gives it a new mtime, left out here).
     */
    static void assertValid(Path dir, Path src, Path out, List<String> expected, String fileName, String codec,
            String... testFlags)
            throws Exception {
        byte[] compressed = Files.readAllBytes(out);
        List<String> test = new ArrayList<>(List.of(codec));
        test.addAll(List.of(testFlags));
        PeerTool.Result t = PeerTool.onFile(dir, fileName, compressed, test.toArray(String[]::new));
        assertEquals(0, t.exitCode(), t.stderr());
        byte[] plain = PeerTool.filter(dir, compressed, codec, "-dc");
        String listed = new String(PeerTool.filter(dir, plain, "cpio", "-t", "--quiet"), StandardCharsets.UTF_8);
        List<String> ours = new ArrayList<>();
        try (ImageReader r = ImageReader.open(out)) {
            for (CpioEntry e = r.next(); e != null; e = r.next()) {
                if (!e.isTrailer()) {
                    ours.add(e.name());
                }
            }
        }
        assertEquals(ours, List.of(listed.strip().split("\n")));
        List<String> changes = new ArrayList<>();
        for (Change c : ImageDiff.compare(src, out)) {
            List<String> fields = c.fields().stream().filter(f -> !f.equals("mtime")).toList();
            changes.add(c.kind() + " " + c.path() + (fields.isEmpty() ? "" : " " + fields));
        }
        assertEquals(expected, changes);
    }
}
