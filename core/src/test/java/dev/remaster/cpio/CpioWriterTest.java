package dev.remaster.cpio;

import dev.remaster.io.FormatException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CpioWriterTest {
    private static final byte[] FIVE = "hello".getBytes(StandardCharsets.US_ASCII);

    private static WriteOptions unpadded(CpioFormat format) {
        return WriteOptions.defaults().withFormat(format).withBlockSize(0);
    }

    private static long sumOf(byte[] data) {
        long s = 0;
        for (byte b : data) {
            s += b & 0xff;
        }
        return s & 0xffffffffL;
    }

    /** The c_check field of the newc/crc header at {@code offset}. */
    private static long checkField(byte[] archive, int offset) {
        return Long.parseLong(new String(archive, offset + 102, 8, StandardCharsets.US_ASCII), 16);
    }

    // ---- padding and trailer -----------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(value = CpioFormat.class, names = {"NEWC", "CRC"})
    void svr4PadsHeaderPlusNameAndDataToFour(CpioFormat format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(out, unpadded(format))) {
            w.write(CpioEntry.file("a", 0644, 5), FIVE);        // 110 + 2 = 112: no name padding
            assertEquals(112 + 5 + 3, w.position());
            w.write(CpioEntry.file("ab", 0644, 4), Arrays.copyOf(FIVE, 4)); // 113 -> 116, data 4 -> 4
            assertEquals(120 + 116 + 4, w.position());
            w.write(CpioEntry.directory("abcd", 0755));          // 115 -> 116, no data
            assertEquals(240 + 116, w.position());
            w.write(CpioEntry.symlink("abc", "xy"));             // 114 -> 116, data 2 -> 4
            assertEquals(356 + 116 + 4, w.position());
        }
        byte[] b = out.toByteArray();
        assertEquals(476 + 124, b.length, "trailer: 110 + 11 = 121 -> 124; no block padding");
        assertEquals(format.magic(), new String(b, 0, 6, StandardCharsets.US_ASCII));
        assertEquals("hello\0\0\0", new String(b, 112, 8, StandardCharsets.US_ASCII));
        assertEquals("ab\0\0\0", new String(b, 120 + 110, 5, StandardCharsets.US_ASCII));
        assertEquals("xy\0\0", new String(b, 356 + 116, 4, StandardCharsets.US_ASCII));
        assertEquals("TRAILER!!!\0\0\0", new String(b, 476 + 110, 13, StandardCharsets.US_ASCII));
    }

    @Test
    void odcHasNoPadding() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(out, unpadded(CpioFormat.ODC))) {
            w.write(CpioEntry.file("a", 0644, 5), FIVE);
            assertEquals(76 + 2 + 5, w.position());
            w.write(CpioEntry.symlink("abc", "xy"));
            assertEquals(83 + 76 + 4 + 2, w.position());
        }
        byte[] b = out.toByteArray();
        assertEquals(165 + 76 + 11, b.length);
        assertEquals("070707", new String(b, 0, 6, StandardCharsets.US_ASCII));
        assertEquals("a\0hello070707", new String(b, 76, 13, StandardCharsets.US_ASCII));
    }

    @ParameterizedTest
    @EnumSource(value = CpioFormat.class, names = {"NEWC", "CRC", "ODC"})
    void closeWritesATrailerAndPadsToTheBlockSize(CpioFormat format) throws IOException {
        for (int blockSize : new int[] {0, 1, 512, 1024}) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (CpioWriter w = CpioWriter.of(out, WriteOptions.defaults().withFormat(format).withBlockSize(blockSize))) {
                w.write(CpioEntry.file("a", 0644, 5), FIVE);
            }
            byte[] b = out.toByteArray();
            int entry = format == CpioFormat.ODC ? 83 : 120;
            int trailer = format == CpioFormat.ODC ? 87 : 124;
            int expected = blockSize > 1 ? blockSize : entry + trailer;
            assertEquals(expected, b.length, format + " block " + blockSize);
            ArchiveContents read = ArchiveContents.read(new ByteArrayInputStream(b));
            assertEquals(2, read.items().size());
            CpioEntry t = read.items().get(1).entry();
            assertTrue(t.isTrailer());
            assertEquals(1, t.nlink(), "as GNU cpio writes it");
            assertEquals(expected - entry - trailer, t.trailerPadding());
        }
    }

    @Test
    void anExplicitTrailerIsNotRepeatedAndEntriesMayStartASecondArchive() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CpioWriter w = CpioWriter.of(out, unpadded(CpioFormat.NEWC));
        w.write(CpioEntry.file("a", 0644, 5), FIVE);
        w.write(CpioEntry.trailer());
        w.write(CpioEntry.file("b", 0644, 5), FIVE);
        w.write(CpioEntry.trailer());
        w.close();
        w.close();
        ArchiveContents read = ArchiveContents.read(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(List.of("a", "TRAILER!!!", "b", "TRAILER!!!"), read.names());
        assertEquals(1, read.items().get(3).archiveIndex());
        assertThrows(IllegalStateException.class, () -> w.write(CpioEntry.directory("c", 0755)));
    }

    @Test
    void closeClosesTheOutput() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        CpioWriter.of(out).close();
        assertTrue(closed[0]);
        assertEquals(512, out.size());
    }

    // ---- crc sums ----------------------------------------------------------------------------

    @Test
    void crcSumFromAByteArray() throws IOException {
        byte[] big = SourceTree.bigBin();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(out, unpadded(CpioFormat.CRC))) {
            w.write(CpioEntry.file("big", 0644, big.length), big);
        }
        assertEquals(sumOf(big), checkField(out.toByteArray(), 0));
        assertEquals(sumOf(big), ArchiveContents.read(new ByteArrayInputStream(out.toByteArray()))
                .get("big").entry().checksum());
    }

    @Test
    void crcSumFromAFile(@TempDir Path dir) throws IOException {
        byte[] big = SourceTree.bigBin();
        Path file = Files.write(dir.resolve("big"), big);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(out, unpadded(CpioFormat.CRC))) {
            w.write(CpioEntry.file("a", 0644, 5), FIVE);   // still in the writer's buffer
            w.write(CpioEntry.file("big", 0644, big.length), file);
        }
        assertEquals(sumOf(FIVE), checkField(out.toByteArray(), 0));
        assertEquals(sumOf(big), checkField(out.toByteArray(), 120));
        ArchiveContents read = ArchiveContents.read(new ByteArrayInputStream(out.toByteArray()));
        assertArrayEquals(FIVE, read.get("a").data());
        assertArrayEquals(big, read.get("big").data());
    }

    @Test
    void crcSumFromAStreamIsSpooled() throws IOException {
        byte[] big = SourceTree.bigBin();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(out, unpadded(CpioFormat.CRC))) {
            w.write(CpioEntry.file("a", 0644, 5), FIVE);   // still in the writer's buffer
            w.write(CpioEntry.file("big", 0644, big.length), InputKind.ONE_BYTE_PER_READ.open(big));
        }
        assertEquals(sumOf(FIVE), checkField(out.toByteArray(), 0));
        assertEquals(sumOf(big), checkField(out.toByteArray(), 120));
        ArchiveContents read = ArchiveContents.read(new ByteArrayInputStream(out.toByteArray()));
        assertArrayEquals(FIVE, read.get("a").data());
        assertArrayEquals(big, read.get("big").data());
    }

    @Test
    void crcEntryCopiedFromACrcArchiveKeepsItsSumAndHeader() throws IOException {
        byte[] source = Fixture.GNU_CRC.bytes();
        CpioEntry big;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioReader reader = CpioReader.of(new ByteArrayInputStream(source));
                CpioWriter w = CpioWriter.of(out, unpadded(CpioFormat.CRC))) {
            do {
                big = reader.next();
            } while (!big.name().equals("data/big.bin"));
            w.write(big, reader.data());
            // Changed, the entry is encoded afresh with the sum it carries, checked as the data passes.
            w.write(big.toBuilder().name("copy").build(), new ByteArrayInputStream(SourceTree.bigBin()));
        }
        byte[] b = out.toByteArray();
        int headerAndName = 124 + (int) big.size() + 3;
        assertArrayEquals(Arrays.copyOfRange(source, (int) big.headerOffset(), (int) big.headerOffset() + headerAndName),
                Arrays.copyOfRange(b, 0, headerAndName));
        assertEquals(sumOf(SourceTree.bigBin()), checkField(b, headerAndName));
    }

    @Test
    void crcEntryCopiedWithWrongDataIsCaughtWhileCopying() throws IOException {
        byte[] source = Fixture.GNU_CRC.bytes();
        ArchiveContents read = ArchiveContents.read(new ByteArrayInputStream(source));
        CpioEntry big = read.get("data/big.bin").entry();
        byte[] data = read.get("data/big.bin").data();
        data[1000] ^= 0x10;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CpioWriter w = CpioWriter.of(out, unpadded(CpioFormat.CRC));
        FormatException e = assertThrows(FormatException.class,
                () -> w.write(big, new ByteArrayInputStream(data)));
        assertEquals("c_check", e.field());
        assertEquals("data/big.bin", e.entryName());
        assertTrue(e.getMessage().contains("checksum mismatch while copying"), e.getMessage());
    }

    @Test
    void onlyRegularFilesAreSummed() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(out, unpadded(CpioFormat.CRC))) {
            w.write(CpioEntry.symlink("link", "target"));
        }
        assertEquals(0, checkField(out.toByteArray(), 0));
    }

    /** Re-encoding GNU cpio's entries (not copying its headers) reproduces GNU cpio's bytes. */
    @ParameterizedTest
    @EnumSource(value = Fixture.class, names = {"GNU_NEWC", "GNU_CRC", "GNU_ODC", "BSD_ODC", "BUSYBOX_NEWC"})
    void freshEncodingMatchesThePeerByteForByte(Fixture fixture) throws IOException {
        byte[] source = fixture.bytes();
        ArchiveContents read = ArchiveContents.read(new ByteArrayInputStream(source));
        int blockSize = fixture == Fixture.BUSYBOX_NEWC ? 0 : 512;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(out, WriteOptions.defaults().withFormat(fixture.format())
                .withBlockSize(blockSize).withKeepSourceHeaders(false))) {
            for (ArchiveContents.Item item : read.items()) {
                w.write(item.entry(), item.data());
            }
        }
        assertArrayEquals(source, out.toByteArray());
    }

    @Test
    void gnuNewcEntriesWrittenAsCrcAreGnuCrc() throws IOException {
        ArchiveContents newc = ArchiveContents.read(new ByteArrayInputStream(Fixture.GNU_NEWC.bytes()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(out, WriteOptions.defaults().withFormat(CpioFormat.CRC))) {
            for (ArchiveContents.Item item : newc.items()) {
                if (!item.entry().isTrailer()) {
                    w.write(item.entry(), item.data());
                }
            }
        }
        assertArrayEquals(Fixture.GNU_CRC.bytes(), out.toByteArray());
    }

    // ---- inode numbers -----------------------------------------------------------------------

    @Test
    void renumberKeepsHardLinkGroupsTogetherAndRestartsAfterATrailer() throws IOException {
        CpioEntry.Builder link = CpioEntry.builder("x").mode(0100644).nlink(3).inode(777).dev(8, 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(out, unpadded(CpioFormat.NEWC).withInodes(WriteOptions.InodePolicy.RENUMBER))) {
            w.write(CpioEntry.directory("d", 0755).toBuilder().inode(500).build());
            w.write(link.name("d/a").size(0).build());
            w.write(CpioEntry.file("d/f", 0644, 5).toBuilder().inode(777).build(), FIVE); // same inode, not linked
            w.write(link.name("d/b").size(0).build());
            w.write(link.name("d/c").size(5).build(), FIVE);
            w.write(CpioEntry.trailer());
            w.write(link.name("e/a").size(0).build());
            w.write(link.name("e/b").size(5).build(), FIVE);
        }
        ArchiveContents read = ArchiveContents.read(new ByteArrayInputStream(out.toByteArray()));
        long[] inodes = read.entries().stream().mapToLong(CpioEntry::inode).toArray();
        assertArrayEquals(new long[] {1, 2, 3, 2, 2, 0, 1, 1, 0}, inodes);
        assertEquals(2, LinkGroups.of(read.entries()).groups().size());
    }

    @Test
    void keepWritesInodesAsGiven() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(out, unpadded(CpioFormat.NEWC))) {
            w.write(CpioEntry.directory("d", 0755).toBuilder().inode(0xABCDEF01L).build());
        }
        assertEquals("ABCDEF01", new String(out.toByteArray(), 6, 8, StandardCharsets.US_ASCII));
    }

    @Test
    void renumberingACopiedEntryReencodesItsHeader() throws IOException {
        ArchiveContents read = ArchiveContents.read(new ByteArrayInputStream(Fixture.GNU_NEWC.bytes()));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(out, WriteOptions.defaults().withInodes(WriteOptions.InodePolicy.RENUMBER))) {
            for (ArchiveContents.Item item : read.items()) {
                w.write(item.entry(), item.data());
            }
        }
        ArchiveContents back = ArchiveContents.read(new ByteArrayInputStream(out.toByteArray()));
        assertEquals(1, back.entries().get(0).inode());
        LinkGroups groups = LinkGroups.of(back.entries());
        assertEquals(1, groups.groups().size());
        assertEquals(3, groups.groups().get(0).links().size());
        assertNotEquals(read.get("links/a").entry().inode(), back.get("links/a").entry().inode());
    }

    // ---- field limits: refused before any byte is written -------------------------------------

    /** A stream that fails the test if anything reads it. */
    private static final InputStream UNREADABLE = new InputStream() {
        @Override
        public int read() {
            throw new AssertionError("the data must not be read");
        }
    };

    @ParameterizedTest
    @EnumSource(value = CpioFormat.class, names = {"NEWC", "CRC"})
    void fourGibibyteFilesAreRefusedBeforeAnyByteIsWritten(CpioFormat format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CpioWriter w = CpioWriter.of(out, unpadded(format));
        w.write(CpioEntry.file("small", 0644, 5), FIVE);
        long before = w.position();
        FormatException e = assertThrows(FormatException.class,
                () -> w.write(CpioEntry.file("huge", 0644, 4L << 30), UNREADABLE));
        assertEquals("c_filesize", e.field());
        assertEquals("huge", e.entryName());
        assertEquals(before, e.offset());
        assertTrue(e.getMessage().contains("4 GiB"), e.getMessage());
        assertEquals(before, w.position());
        w.finish();
        assertEquals(before + 124, out.size(), "nothing of the refused entry reached the output");
    }

    @Test
    void odcInodeOverEighteenBitsIsRefused() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CpioWriter w = CpioWriter.of(out, unpadded(CpioFormat.ODC));
        w.write(CpioEntry.directory("ok", 0755).toBuilder().inode(0777777).build());
        long before = w.position();
        FormatException e = assertThrows(FormatException.class,
                () -> w.write(CpioEntry.directory("d", 0755).toBuilder().inode(01000000).build()));
        assertEquals("c_ino", e.field());
        assertEquals("d", e.entryName());
        assertTrue(e.getMessage().contains("c_ino (262144) does not fit the 6 octal digits of an odc header"),
                e.getMessage());
        assertEquals(before, w.position());
    }

    @Test
    void odcFieldLimits() {
        CpioWriter w = CpioWriter.of(new ByteArrayOutputStream(), unpadded(CpioFormat.ODC));
        List<CpioEntry> tooBig = List.of(
                CpioEntry.directory("uid", 0755).toBuilder().uid(01000000).build(),
                CpioEntry.directory("mtime", 0755).toBuilder().mtime(1L << 33).build(),
                CpioEntry.directory("dev", 0755).toBuilder().dev(256, 0).build(),
                CpioEntry.charDevice("rdev", 0600, 1, 256));
        List<String> fields = List.of("c_uid", "c_mtime", "c_dev", "c_rdev");
        for (int i = 0; i < tooBig.size(); i++) {
            CpioEntry entry = tooBig.get(i);
            FormatException e = assertThrows(FormatException.class, () -> w.write(entry));
            assertEquals(fields.get(i), e.field(), e.getMessage());
        }
        assertEquals(0, w.position());
    }

    @Test
    void newcFieldLimits() {
        CpioWriter w = CpioWriter.of(new ByteArrayOutputStream(), unpadded(CpioFormat.NEWC));
        FormatException e = assertThrows(FormatException.class,
                () -> w.write(CpioEntry.directory("d", 0755).toBuilder().uid(1L << 32).build()));
        assertEquals("c_uid", e.field());
        assertTrue(e.getMessage().contains("does not fit the 32 bits of a newc header"), e.getMessage());
        assertEquals(0, w.position());
    }

    @Test
    void namesOver4095BytesAreRefused() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CpioWriter w = CpioWriter.of(out, unpadded(CpioFormat.NEWC));
        w.write(CpioEntry.directory("x".repeat(4095), 0755));
        long before = w.position();
        FormatException e = assertThrows(FormatException.class,
                () -> w.write(CpioEntry.directory("y".repeat(4096), 0755)));
        assertEquals("c_namesize", e.field());
        assertTrue(e.getMessage().contains("name of 4096 bytes is longer than 4095 bytes"), e.getMessage());
        assertEquals(before, w.position());
    }

    // ---- declared size against the data given -------------------------------------------------

    @Test
    void streamShorterThanTheDeclaredSize() {
        CpioWriter w = CpioWriter.of(new ByteArrayOutputStream(), unpadded(CpioFormat.NEWC));
        FormatException e = assertThrows(FormatException.class,
                () -> w.write(CpioEntry.file("f", 0644, 10), new ByteArrayInputStream(FIVE)));
        assertEquals("c_filesize", e.field());
        assertEquals("f", e.entryName());
        assertTrue(e.getMessage().contains("declared size is 10 bytes but the data ended after 5"), e.getMessage());
    }

    @Test
    void streamLongerThanTheDeclaredSize() {
        CpioWriter w = CpioWriter.of(new ByteArrayOutputStream(), unpadded(CpioFormat.NEWC));
        FormatException e = assertThrows(FormatException.class,
                () -> w.write(CpioEntry.file("f", 0644, 4), new ByteArrayInputStream(FIVE)));
        assertEquals("c_filesize", e.field());
        assertTrue(e.getMessage().contains("declared size is 4 bytes but the data is longer"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(value = CpioFormat.class, names = {"NEWC", "CRC"})
    void fileOfTheWrongSize(CpioFormat format, @TempDir Path dir) throws IOException {
        Path file = Files.write(dir.resolve("f"), FIVE);
        CpioWriter w = CpioWriter.of(new ByteArrayOutputStream(), unpadded(format));
        assertEquals("c_filesize", assertThrows(FormatException.class,
                () -> w.write(CpioEntry.file("long", 0644, 6), file)).field());
        CpioWriter w2 = CpioWriter.of(new ByteArrayOutputStream(), unpadded(format));
        assertEquals("c_filesize", assertThrows(FormatException.class,
                () -> w2.write(CpioEntry.file("short", 0644, 4), file)).field());
    }

    @Test
    void byteArrayOfTheWrongSizeIsAnArgumentError() {
        CpioWriter w = CpioWriter.of(new ByteArrayOutputStream(), unpadded(CpioFormat.NEWC));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> w.write(CpioEntry.file("f", 0644, 6), FIVE));
        assertTrue(e.getMessage().contains("has size 6 but 5 bytes of data were given"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> w.write(CpioEntry.file("g", 0644, 4), FIVE));
        assertThrows(IllegalArgumentException.class, () -> w.write(CpioEntry.file("h", 0644, 1)));
        assertEquals(0, w.position());
    }

    @Test
    void optionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> WriteOptions.defaults().withFormat(CpioFormat.BINARY_LE));
        assertThrows(IllegalArgumentException.class, () -> WriteOptions.defaults().withBlockSize(-1));
        assertThrows(NullPointerException.class, () -> CpioWriter.of(null));
    }
}
