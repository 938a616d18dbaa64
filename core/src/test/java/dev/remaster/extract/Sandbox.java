package dev.remaster.extract;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;

import dev.remaster.cpio.CpioReader;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A temporary directory holding the target directory and, beside it, things an attack would aim
 * at: a canary file and a directory with a file in it. It records everything outside the target
 * (type, mode, owner, size, mtime, content, link target) before extracting, to compare after.
 */
final class Sandbox {
    static final String CANARY_TEXT = "canary: must never change\n";

    final Path base;
    final Path target;
    final Path canary;
    final Path outsideDir;
    private Map<String, String> before;

    Sandbox(Path tempDir) throws IOException {
        base = tempDir.toRealPath();
        target = Files.createDirectory(base.resolve("target"));
        canary = Files.writeString(base.resolve("canary.txt"), CANARY_TEXT);
        Files.setLastModifiedTime(canary, FileTime.fromMillis(1_000_000_000L));
        outsideDir = Files.createDirectory(base.resolve("outside"));
        Files.writeString(outsideDir.resolve("secret.txt"), "secret\n");
        Files.setLastModifiedTime(outsideDir, FileTime.fromMillis(1_000_000_000L));
        Files.setLastModifiedTime(base, FileTime.fromMillis(1_000_000_000L));
        record();
    }

    /** Records the state outside the target anew (after a test placed something inside it). */
    void record() {
        before = outside();
    }

    ExtractReport extract(TestArchive archive, ExtractOptions options) throws IOException {
        try (CpioReader reader = archive.reader()) {
            return Extractor.to(target, options).extract(reader);
        }
    }

    /** Asserts that nothing outside the target changed, appeared or vanished. */
    void assertOutsideUntouched() throws IOException {
        assertEquals(CANARY_TEXT, Files.readString(canary), "canary content");
        assertEquals(before, outside(), "the files outside the target");
    }

    Path inTarget(String name) {
        return target.resolve(name);
    }

    private Map<String, String> outside() {
        Map<String, String> state = new TreeMap<>();
        try {
            Files.walkFileTree(base, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    if (dir.equals(target)) {
                        state.put("target", describe(dir)); // the target's own entry, not its content
                        return FileVisitResult.SKIP_SUBTREE;
                    }
                    state.put(base.relativize(dir).toString(), describe(dir));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    state.put(base.relativize(file).toString(), describe(file));
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return state;
    }

    private String describe(Path p) {
        try {
            boolean isTarget = p.equals(target);
            // The target's size and mtime change as it fills: only its identity and mode count. Link
            // counts are left out: removing a hard link inside the target lowers its file's count.
            Map<String, Object> a = Files.readAttributes(p,
                    isTarget ? "unix:mode,uid,gid,ino" : "unix:mode,uid,gid,size,ino", LinkOption.NOFOLLOW_LINKS);
            StringBuilder sb = new StringBuilder(new TreeMap<>(a).toString());
            if (!isTarget) {
                sb.append(" mtime=").append(Files.getLastModifiedTime(p, LinkOption.NOFOLLOW_LINKS).toMillis());
            }
            if (Files.isSymbolicLink(p)) {
                sb.append(" -> ").append(Files.readSymbolicLink(p));
            } else if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                byte[] digest = MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(p));
                sb.append(" sha256=").append(HexFormat.of().formatHex(digest));
            }
            return sb.toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    static String text(Path p) throws IOException {
        return new String(Files.readAllBytes(p), StandardCharsets.UTF_8);
    }
}
