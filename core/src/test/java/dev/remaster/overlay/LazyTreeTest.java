package dev.remaster.overlay;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.EntryType;
import dev.remaster.diff.Change;
import dev.remaster.diff.EntryState;
import dev.remaster.diff.ImageDiff;
import dev.remaster.diff.ImageState;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The edit view holds back entries that nothing has touched yet (LazyTree) and loads them when a
 * path reaches them. Whatever is touched, the view must say what the kernel would unpack
 * ({@link ImageState}), an untouched image must be written byte for byte, and an edit deep inside
 * held-back directories must change exactly what it names.
 */
class LazyTreeTest {
    @TempDir
    Path dir;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Directories, files named twice, a link through which a held-back directory is reached, hard links, a node. */
    private Path image() throws IOException {
        Path image = dir.resolve("image.cpio");
        try (CpioWriter w = CpioWriter.of(Files.newOutputStream(image))) {
            w.write(CpioEntry.directory("a", 0755));
            w.write(CpioEntry.directory("a/b", 0750).toBuilder().uid(1001).gid(50).build());
            w.write(CpioEntry.directory("a/b/c", 0700));
            w.write(CpioEntry.file("a/b/c/f1", 0644, 3), bytes("one"));
            w.write(CpioEntry.file("a/b/f2", 0644, 5), bytes("first"));
            w.write(CpioEntry.symlink("l", "a/b"));
            w.write(CpioEntry.file("h1", 0600, 0).toBuilder().inode(77).nlink(2).build());
            w.write(CpioEntry.file("h2", 0600, 4).toBuilder().inode(77).nlink(2).build(), bytes("link"));
            w.write(CpioEntry.charDevice("a/null", 0666, 1, 3));
            for (int i = 0; i < 50; i++) {
                w.write(CpioEntry.file("a/b/c/many" + i, 0644, 1), bytes(Integer.toString(i % 10)));
            }
            w.write(CpioEntry.file("a/b/f2", 0640, 6), bytes("second"));
            w.write(CpioEntry.directory("a/b", 0755));
        }
        return image;
    }

    private static Map<String, String> view(FileSystem fs) throws IOException {
        Map<String, String> seen = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(fs.getPath("/"))) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.toString().equals("/")) {
                    continue;
                }
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size", LinkOption.NOFOLLOW_LINKS);
                String what = a.toString();
                if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                    what += " " + Files.readString(p);
                } else if (Files.isSymbolicLink(p)) {
                    what += " -> " + Files.readSymbolicLink(p);
                }
                seen.put(p.toString(), what);
            }
        }
        return seen;
    }

    private static Map<String, String> kernel(Path image) throws IOException {
        Map<String, String> expected = new TreeMap<>();
        for (Map.Entry<String, EntryState> e : ImageState.of(image).paths().entrySet()) {
            if (e.getKey().equals("/")) {
                continue;
            }
            EntryState s = e.getValue();
            long size = s.type() == EntryType.REGULAR ? s.size() : -1;
            expected.put(e.getKey(), s.type() + " " + Integer.toOctalString(s.mode()) + " " + s.uid() + ":" + s.gid()
                    + (size >= 0 ? " " + size : ""));
        }
        return expected;
    }

    private static Map<String, String> summary(FileSystem fs) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(fs.getPath("/"))) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                if (p.toString().equals("/")) {
                    continue;
                }
                Map<String, Object> a = Files.readAttributes(p, "unix:mode,uid,gid,size,isRegularFile,isDirectory,"
                        + "isSymbolicLink", LinkOption.NOFOLLOW_LINKS);
                int mode = (Integer) a.get("mode");
                EntryType type = EntryType.of(mode);
                out.put(p.toString(), type + " " + Integer.toOctalString(mode) + " " + a.get("uid") + ":" + a.get("gid")
                        + (type == EntryType.REGULAR ? " " + a.get("size") : ""));
            }
        }
        return out;
    }

    @Test
    void theViewIsWhatTheKernelUnpacksWhateverIsReachedFirst() throws IOException {
        Path image = image();
        try (EditableImage edit = EditableImage.open(image)) {
            // reach a held-back file through a link first, then look at everything
            assertEquals("second", Files.readString(edit.fileSystem().getPath("/l/f2")));
            assertEquals(kernel(image), summary(edit.fileSystem()));
            assertEquals("link", Files.readString(edit.fileSystem().getPath("/h1")));
            assertEquals(view(edit.fileSystem()).size(), kernel(image).size());
        }
        try (EditableImage edit = EditableImage.open(image)) {
            // the whole tree first, without any earlier lookup
            assertEquals(kernel(image), summary(edit.fileSystem()));
        }
    }

    @Test
    void anUntouchedImageIsWrittenByteForByte() throws IOException {
        Path image = image();
        Path out = dir.resolve("out.cpio");
        try (EditableImage edit = EditableImage.open(image)) {
            Files.readString(edit.fileSystem().getPath("/a/b/c/many7"));
            edit.writeTo(out, SaveOptions.defaults());
        }
        assertArrayEquals(Files.readAllBytes(image), Files.readAllBytes(out));
    }

    @Test
    void anEditDeepInsideHeldBackDirectoriesChangesWhatItNamesOnly() throws IOException {
        Path image = image();
        Path out = dir.resolve("put.cpio");
        try (EditableImage edit = EditableImage.open(image)) {
            Files.writeString(edit.fileSystem().getPath("/a/b/c/new"), "added\n");
            edit.writeTo(out, SaveOptions.defaults());
        }
        List<Change> changes = ImageDiff.compare(image, out);
        assertEquals(1, changes.size(), changes.toString());
        assertEquals(Change.Kind.ADDED, changes.get(0).kind());
        assertEquals("/a/b/c/new", changes.get(0).path());
    }

    @Test
    void aHeldBackSubtreeMovesWhole() throws IOException {
        Path image = image();
        Path out = dir.resolve("moved.cpio");
        try (EditableImage edit = EditableImage.open(image)) {
            Files.move(edit.fileSystem().getPath("/a/b/c"), edit.fileSystem().getPath("/moved"));
            assertEquals("one", Files.readString(edit.fileSystem().getPath("/moved/f1")));
            edit.writeTo(out, SaveOptions.defaults());
        }
        Map<String, EntryState> after = ImageState.of(out).paths();
        assertEquals(false, after.containsKey("/a/b/c"));
        assertEquals(52, after.keySet().stream().filter(p -> p.startsWith("/moved")).count(), after.keySet().toString());
        try (EditableImage again = EditableImage.open(out)) {
            assertEquals("7", Files.readString(again.fileSystem().getPath("/moved/many7")));
        }
    }
}
