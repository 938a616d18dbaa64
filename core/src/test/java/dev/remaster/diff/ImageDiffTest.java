package dev.remaster.diff;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.WriteOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ImageDiffTest {
    @TempDir
    Path dir;

    private interface Body {
        void write(CpioWriter w) throws IOException;
    }

    private Path archive(String name, Body body) throws IOException {
        Path p = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(p); CpioWriter w = CpioWriter.of(out, WriteOptions.defaults())) {
            body.write(w);
        }
        return p;
    }

    private static void file(CpioWriter w, String name, String content, int mode, long ino) throws IOException {
        byte[] b = content.getBytes(StandardCharsets.UTF_8);
        w.write(CpioEntry.file(name, mode, b.length).toBuilder().inode(ino).build(), b);
    }

    @Test
    void sameTreeDifferentlyLaidOutHasNoDifferences() throws IOException {
        Path a = archive("a", w -> {
            w.write(CpioEntry.directory("etc", 0755).toBuilder().inode(1).build());
            file(w, "etc/a", "x", 0644, 2);
            file(w, "etc/b", "y", 0644, 3);
        });
        Path b = archive("b", w -> {
            w.write(CpioEntry.directory("./etc", 0755).toBuilder().inode(7).build());
            file(w, "./etc/b", "y", 0644, 9);
            file(w, "./etc/a", "x", 0644, 8);
        });
        assertEquals(List.of(), ImageDiff.compare(a, b));
    }

    @Test
    void reportsAddedRemovedAndEachKindOfChange() throws IOException {
        Path a = archive("a", w -> {
            file(w, "same", "s", 0644, 1);
            file(w, "content", "old", 0644, 2);
            file(w, "mode", "m", 0644, 3);
            w.write(CpioEntry.symlink("link", "one").toBuilder().inode(4).build());
            w.write(CpioEntry.charDevice("dev", 0600, 1, 3).toBuilder().inode(5).build());
            file(w, "gone", "g", 0644, 6);
            w.write(CpioEntry.file("owner", 0644, 0).toBuilder().uid(0).inode(7).build());
        });
        Path b = archive("b", w -> {
            file(w, "same", "s", 0644, 1);
            file(w, "content", "new", 0644, 2);
            file(w, "mode", "m", 04755, 3);
            w.write(CpioEntry.symlink("link", "two").toBuilder().inode(4).build());
            w.write(CpioEntry.charDevice("dev", 0600, 1, 5).toBuilder().inode(5).build());
            file(w, "new", "n", 0644, 8);
            w.write(CpioEntry.file("owner", 0644, 0).toBuilder().uid(1000).mtime(5).inode(7).build());
        });
        List<Change> changes = ImageDiff.compare(a, b);
        assertEquals(List.of("/content", "/dev", "/gone", "/link", "/mode", "/new", "/owner"),
                changes.stream().map(Change::path).toList());
        assertEquals(List.of("content"), find(changes, "/content").fields());
        assertEquals(List.of("device"), find(changes, "/dev").fields());
        assertEquals(Change.Kind.REMOVED, find(changes, "/gone").kind());
        assertEquals(List.of("target"), find(changes, "/link").fields());
        assertEquals(List.of("mode"), find(changes, "/mode").fields());
        assertEquals(Change.Kind.ADDED, find(changes, "/new").kind());
        assertEquals(List.of("owner", "mtime"), find(changes, "/owner").fields());
    }

    @Test
    void laterEntriesWinAndHardLinksShareTheirData() throws IOException {
        Path a = archive("a", w -> {
            file(w, "f", "first", 0644, 1);
            file(w, "f", "second", 0644, 1);
            w.write(CpioEntry.file("l1", 0644, 0).toBuilder().inode(5).nlink(2).build());
            byte[] d = "shared".getBytes(StandardCharsets.UTF_8);
            w.write(CpioEntry.file("l2", 0644, d.length).toBuilder().inode(5).nlink(2).build(), d);
        });
        Path b = archive("b", w -> {
            file(w, "f", "second", 0644, 1);
            file(w, "l1", "shared", 0644, 2);
            file(w, "l2", "shared", 0644, 3);
        });
        assertEquals(List.of(), ImageDiff.compare(a, b));
        assertTrue(ImageState.of(a).paths().get("/l1").size() == 6);
    }

    @Test
    void onlyWhatTheKernelLinksSharesData() throws IOException {
        Path a = archive("a", w -> {
            w.write(CpioEntry.file("f", 0644, 0).toBuilder().dev(8, 1).inode(5).nlink(2).build());
            // Same numbers, other types: the kernel links neither to f.
            w.write(CpioEntry.symlink("s", "target").toBuilder().dev(8, 1).inode(5).nlink(2).build());
            w.write(CpioEntry.charDevice("c", 0600, 1, 3).toBuilder().dev(8, 1).inode(5).nlink(2).build());
        });
        ImageState state = ImageState.of(a);
        assertEquals(0, state.paths().get("/f").size());
        assertEquals(6, state.paths().get("/s").size());
    }

    private static Change find(List<Change> changes, String path) {
        return changes.stream().filter(c -> c.path().equals(path)).findFirst().orElseThrow();
    }
}
