package dev.remaster.extract;

import dev.remaster.testing.Peers;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioReader;
import dev.remaster.cpio.EntryType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Archives made by GNU cpio, extracted here, compared with what they were made from or with GNU cpio's own extraction. */
class GnuCpioInteropTest {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    private static final Path DEBIAN_INITRD = Peers.installerImage();

    @TempDir
    Path tempDir;

    @Test
    void aTreeArchivedByGnuCpioComesBackAsItWas() throws Exception {
        Peers.assumePeer("cpio");
        ExtractOptions options = ExtractOptions.rootFileSystem();
        Path src = Files.createDirectory(tempDir.resolve("src"));
        buildTree(src, options.privileged());
        Path archive = tempDir.resolve("tree.cpio");
        run(src, "sh", "-c", "find . | LC_ALL=C sort | cpio -o -H newc --quiet > " + archive);

        Path out = tempDir.resolve("out");
        ExtractReport report;
        try (CpioReader reader = CpioReader.of(new BufferedInputStream(Files.newInputStream(archive)))) {
            report = Extractor.to(out, options).extract(reader);
        }

        assertEquals(describe(src, options.privileged(), true, true), describe(out, options.privileged(), true, true));
        assertEquals(0, report.skippedCount(), report.skipped().toString());
        assertEquals(2, report.hardLinks());
        assertEquals(options.privileged() ? 1 : 0, report.fifos());
    }

    @Test
    void theDebianInstallerInitrdMatchesGnuCpiosExtraction() throws Exception {
        Peers.assumePeer("cpio");
        Peers.assumeInstallerImage();
        ExtractOptions options = ExtractOptions.rootFileSystem(); // bin/rdisc6 is setuid
        Path gnu = Files.createDirectory(tempDir.resolve("gnu"));
        run(gnu, "sh", "-c", "gzip -dc " + DEBIAN_INITRD + " | cpio -idm --quiet --no-absolute-filenames");

        Path ours = tempDir.resolve("ours");
        ExtractReport report;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(DEBIAN_INITRD), 1 << 16);
             CpioReader reader = CpioReader.of(in)) {
            report = Extractor.to(ours, options).extract(reader);
        }

        // GNU cpio -m leaves the mtimes of directories and symbolic links at the time of extraction:
        // those are compared with the archive's headers below instead.
        Map<String, String> expected = describe(gnu, options.privileged(), false, false);
        Map<String, String> actual = describe(ours, options.privileged(), false, false);
        if (!options.privileged()) {
            expected.values().removeIf(d -> d.startsWith("c") || d.startsWith("b")); // GNU cpio fails on them too
            expected.replaceAll((name, d) -> withoutSpecialBits(d));
        }
        assertEquals(expected.keySet(), actual.keySet());
        List<String> differences = new ArrayList<>();
        for (String name : expected.keySet()) {
            if (!expected.get(name).equals(actual.get(name))) {
                differences.add(name + ":\n  gnu:  " + expected.get(name) + "\n  ours: " + actual.get(name));
            }
        }
        assertEquals(List.of(), differences.subList(0, Math.min(30, differences.size())), differences.size() + " differ");
        assertEquals(0, report.skippedCount(), report.skipped().toString());
        assertTrue(report.files() > 1000, report.summary().toString());

        Map<String, Long> headerMtimes = new TreeMap<>();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(DEBIAN_INITRD), 1 << 16);
             CpioReader reader = CpioReader.of(in)) {
            for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                if (e.type() == EntryType.DIRECTORY || e.type() == EntryType.SYMLINK) {
                    headerMtimes.put(e.name().equals(".") ? "." : e.name().replaceFirst("^\\./", ""), e.mtime());
                }
            }
        }
        assertTrue(headerMtimes.size() > 500);
        for (Map.Entry<String, Long> h : headerMtimes.entrySet()) {
            Path p = ours.resolve(h.getKey());
            assertEquals(h.getValue(), Files.getLastModifiedTime(p, NOFOLLOW).to(TimeUnit.SECONDS), h.getKey());
        }
    }

    /** Directories with several modes, files, an empty file, links of three kinds, a hard link group, a FIFO. */
    private static void buildTree(Path src, boolean root) throws IOException, InterruptedException {
        Path bin = Files.createDirectory(src.resolve("bin"));
        Path etc = Files.createDirectory(src.resolve("etc"));
        Path ro = Files.createDirectory(src.resolve("ro"));
        Path empty = Files.createDirectory(src.resolve("empty"));
        byte[] random = new byte[100_000];
        new Random(42).nextBytes(random);
        Files.write(bin.resolve("prog"), random);
        Files.writeString(etc.resolve("conf"), "key = value\n");
        Files.writeString(ro.resolve("data"), "read only\n");
        Files.createFile(src.resolve("empty-file"));
        Files.writeString(etc.resolve("a"), "three names, one file\n");
        Files.createLink(etc.resolve("b"), etc.resolve("a"));
        Files.createLink(bin.resolve("c"), etc.resolve("a"));
        Files.createSymbolicLink(bin.resolve("sh"), Path.of("prog"));
        Files.createSymbolicLink(src.resolve("abs"), Path.of("/etc/passwd"));
        Files.createSymbolicLink(src.resolve("dangling"), Path.of("nowhere/at/all"));
        run(src, "mkfifo", "-m", "0620", "fifo");
        if (root) {
            Files.setAttribute(etc.resolve("conf"), "unix:uid", 1234, NOFOLLOW);
            Files.setAttribute(etc.resolve("conf"), "unix:gid", 5678, NOFOLLOW);
            Files.setAttribute(bin.resolve("sh"), "unix:uid", 42, NOFOLLOW);
        }
        int[] modes = {0755, 0640, 0444, 0600, 0644};
        Path[] files = {bin.resolve("prog"), etc.resolve("conf"), ro.resolve("data"), src.resolve("empty-file"),
                etc.resolve("a")};
        long t = 1_400_000_000L;
        for (int i = 0; i < files.length; i++) {
            Files.setAttribute(files[i], "unix:mode", modes[i], NOFOLLOW);
            Files.setLastModifiedTime(files[i], FileTime.from(t + i * 1000, TimeUnit.SECONDS));
        }
        for (Path link : List.of(bin.resolve("sh"), src.resolve("abs"), src.resolve("dangling"))) {
            Files.getFileAttributeView(link, java.nio.file.attribute.BasicFileAttributeView.class, NOFOLLOW)
                    .setTimes(FileTime.from(t += 7, TimeUnit.SECONDS), null, null);
        }
        run(src, "touch", "-h", "-d", "@1300000000", "fifo");
        Path[] dirs = {bin, etc, ro, empty, src};
        int[] dirModes = {0755, 0750, 0555, 0700, 0751};
        for (int i = 0; i < dirs.length; i++) {
            Files.setLastModifiedTime(dirs[i], FileTime.from(1_200_000_000L + i, TimeUnit.SECONDS));
            Files.setAttribute(dirs[i], "unix:mode", dirModes[i], NOFOLLOW);
        }
    }

    /**
     * Every path under {@code root} (the root itself when {@code withRoot}): type, permission bits,
     * mtime (of directories and links only when {@code everyMtime}), size and content digest of files, link count, link target, device numbers, and the
     * owner when the extraction restores owners.
     */
    private static Map<String, String> describe(Path root, boolean owners, boolean withRoot, boolean everyMtime)
            throws IOException {
        Map<String, String> all = new TreeMap<>();
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (withRoot || !dir.equals(root)) {
                    all.put(name(dir), describe(dir));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                all.put(name(file), describe(file));
                return FileVisitResult.CONTINUE;
            }

            private String name(Path p) {
                return p.equals(root) ? "." : root.relativize(p).toString();
            }

            private String describe(Path p) throws IOException {
                Map<String, Object> a = Files.readAttributes(p, "unix:*", NOFOLLOW);
                int mode = (Integer) a.get("mode");
                List<String> parts = new ArrayList<>();
                parts.add(EntryType.of(mode).symbol() + Integer.toOctalString(mode & 07777));
                if (everyMtime || !((Boolean) a.get("isDirectory") || (Boolean) a.get("isSymbolicLink"))) {
                    parts.add("mtime=" + ((FileTime) a.get("lastModifiedTime")).to(TimeUnit.SECONDS));
                }
                if (owners) {
                    parts.add("owner=" + a.get("uid") + ":" + a.get("gid"));
                }
                if ((Boolean) a.get("isRegularFile")) {
                    parts.add("size=" + a.get("size"));
                    parts.add("nlink=" + a.get("nlink"));
                    parts.add("sha256=" + sha256(p));
                } else if ((Boolean) a.get("isSymbolicLink")) {
                    parts.add("-> " + Files.readSymbolicLink(p));
                } else if (!(Boolean) a.get("isDirectory")) {
                    parts.add("rdev=" + a.get("rdev"));
                }
                return String.join(" ", parts);
            }
        });
        return all;
    }

    /** A description with the setuid, setgid and sticky bits taken out of its mode. */
    private static String withoutSpecialBits(String description) {
        int space = description.indexOf(' ');
        int mode = Integer.parseInt(description.substring(1, space), 8) & 0777;
        return description.charAt(0) + Integer.toOctalString(mode) + description.substring(space);
    }

    private static String sha256(Path p) throws IOException {
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(p)) {
                byte[] buf = new byte[1 << 16];
                for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                    d.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(d.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }


    private static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), String.join(" ", command) + ": " + output);
    }
}
