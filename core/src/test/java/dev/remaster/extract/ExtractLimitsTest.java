package dev.remaster.extract;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioReader;
import dev.remaster.cpio.EntryReader;
import dev.remaster.cpio.EntryType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each resource limit stops extraction with an error that names it and says how to raise it. */
class ExtractLimitsTest {
    private static final ExtractOptions USER = ExtractOptions.defaults(false);

    @TempDir
    Path tempDir;
    Sandbox box;

    @BeforeEach
    void setUp() throws IOException {
        box = new Sandbox(tempDir);
    }

    @Test
    void totalBytes() throws IOException {
        TestArchive archive = new TestArchive().file("a", "x".repeat(600)).file("b", "y".repeat(600));

        ExtractLimitException e = assertThrows(ExtractLimitException.class,
                () -> box.extract(archive, USER.toBuilder().limits(USER.limits().withMaxTotalBytes(1000)).build()));

        assertLimit(e, "maxTotalBytes", 1000, "b");
        assertTrue(e.getMessage().contains("would bring the data written to 1200 bytes"), e.getMessage());
        assertFalse(Files.exists(box.inTarget("b")), "nothing of the entry over the limit is written");
        assertEquals(600, Files.size(box.inTarget("a")));
        box.extract(archive, USER.toBuilder().limits(USER.limits().withMaxTotalBytes(1200)).build());
        box.assertOutsideUntouched();
    }

    @Test
    void totalBytesCountsEveryLinkThatCarriesData() {
        TestArchive archive = new TestArchive().link("a", 1, 3, "z".repeat(400)).link("b", 1, 3, "z".repeat(400))
                .link("c", 1, 3, "z".repeat(400));
        ExtractLimitException e = assertThrows(ExtractLimitException.class,
                () -> box.extract(archive, USER.toBuilder().limits(USER.limits().withMaxTotalBytes(1000)).build()));
        assertLimit(e, "maxTotalBytes", 1000, "c");
    }

    @Test
    void entries() throws IOException {
        TestArchive archive = new TestArchive().dir("a").dir("b").dir("c");

        ExtractLimitException e = assertThrows(ExtractLimitException.class,
                () -> box.extract(archive, USER.toBuilder().limits(USER.limits().withMaxEntries(2)).build()));

        assertLimit(e, "maxEntries", 2, "c");
        assertEquals(3, box.extract(archive, USER.toBuilder().limits(USER.limits().withMaxEntries(3)).build()).directories(), "the trailer is not counted");
    }

    @Test
    void nameSize() throws IOException {
        String name = "n".repeat(99);                                   // 100 bytes with its NUL
        TestArchive archive = new TestArchive().file(name, "x");

        ExtractLimitException e = assertThrows(ExtractLimitException.class,
                () -> box.extract(archive, USER.toBuilder().limits(USER.limits().withMaxNameSize(99)).build()));

        assertLimit(e, "maxNameSize", 99, name);
        assertEquals(1, box.extract(archive, USER.toBuilder().limits(USER.limits().withMaxNameSize(100)).build()).files());
    }

    @Test
    void nameSizeDefaultIsTheKernelsPathMax() throws IOException {
        String name = "d/".repeat(2047) + "ff";                        // 4096 bytes, 4097 with the NUL
        byte[] archive = newcWithName(name);                            // CpioWriter refuses to write it

        ExtractLimitException e;
        try (CpioReader reader = CpioReader.of(new ByteArrayInputStream(archive))) {
            e = assertThrows(ExtractLimitException.class, () -> Extractor.to(box.target, USER).extract(reader));
        }
        assertLimit(e, "maxNameSize", 4096, name);
        assertEquals(0, e.headerOffset());
        assertFalse(Files.exists(box.inTarget("d")));
    }

    /** A newc archive of one empty regular file, encoded by hand, without a trailer after it. */
    private static byte[] newcWithName(String name) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        long[] fields = {1, 0100644, 0, 0, 1, 0, 0, 0, 0, 0, 0, n.length + 1, 0};
        StringBuilder header = new StringBuilder("070701");
        for (long f : fields) {
            header.append(String.format("%08X", f));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(header.toString().getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(n);
        out.write(0);
        while (out.size() % 4 != 0) {
            out.write(0);
        }
        out.writeBytes(new TestArchive().bytes());                    // the trailer
        return out.toByteArray();
    }

    @Test
    void depth() throws IOException {
        TestArchive archive = new TestArchive().file("a/b/c/d", "x");

        ExtractLimitException e = assertThrows(ExtractLimitException.class,
                () -> box.extract(archive, USER.toBuilder().maxDepth(3).build()));

        assertLimit(e, "maxDepth", 3, "a/b/c/d");
        assertFalse(Files.exists(box.inTarget("a")), "no parent was created");
        assertEquals(1, box.extract(archive, USER.toBuilder().maxDepth(4).build()).files());
    }

    @Test
    void depthCountsNormalisedComponents() throws IOException {
        assertEquals(1, box.extract(new TestArchive().file("./a//b/./c/", "x"), USER.toBuilder().maxDepth(3).build()).files());
    }

    @Test
    void symlinkTarget() throws IOException {
        TestArchive archive = new TestArchive().symlink("l", "t".repeat(300));

        ExtractLimitException e = assertThrows(ExtractLimitException.class,
                () -> box.extract(archive, USER.toBuilder().limits(USER.limits().withMaxLinkTargetSize(299)).build()));

        assertLimit(e, "maxLinkTargetSize", 299, "l");
        assertEquals(1, box.extract(archive, USER.toBuilder().limits(USER.limits().withMaxLinkTargetSize(300)).build()).symlinks());
    }

    @Test
    void entryCountIsCheckedBeforeTheReaderIsExhausted() {
        // An endless stream of entries: the limit must stop it.
        EntryReader endless = new EntryReader() {
            private long n;

            @Override
            public CpioEntry next() {
                return CpioEntry.builder("f" + (n++ % 3)).mode(EntryType.REGULAR.bits() | 0644).nlink(1).build();
            }

            @Override
            public InputStream data() {
                return InputStream.nullInputStream();
            }

            @Override
            public void close() {
            }
        };
        ExtractLimitException e = assertThrows(ExtractLimitException.class,
                () -> Extractor.to(box.target, USER.toBuilder().limits(USER.limits().withMaxEntries(1000)).build()).extract(endless));
        assertEquals("maxEntries", e.limit());
    }

    private static void assertLimit(ExtractLimitException e, String limit, long value, String entry) {
        assertEquals(limit, e.limit());
        assertEquals(value, e.value());
        assertEquals(entry, e.entryName());
        assertTrue(e.headerOffset() >= 0);
        String m = e.getMessage();
        assertTrue(m.startsWith("entry '" + entry + "' (header at offset " + e.headerOffset()), m);
        assertTrue(m.contains((limit.equals("maxDepth") ? "ExtractOptions." : "Limits.") + limit), m);
        assertTrue(m.contains("raise it with " + (limit.equals("maxDepth") ? "ExtractOptions.Builder." + limit
                : "Limits.with" + Character.toUpperCase(limit.charAt(0)) + limit.substring(1))), m);
    }

}
