package dev.remaster.cpio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CpioEntryTest {

    @Test
    void factoriesSetTypeModeAndLinkCount() {
        CpioEntry file = CpioEntry.file("bin/su", 04755, 22);
        assertEquals(EntryType.REGULAR, file.type());
        assertEquals(0104755, file.mode());
        assertEquals(1, file.nlink());
        assertEquals(22, file.size());
        assertEquals(Optional.empty(), file.linkTarget());
        assertNull(file.linkTargetBytes());

        CpioEntry dir = CpioEntry.directory("tmp", 01777);
        assertEquals(041777, dir.mode());
        assertEquals(2, dir.nlink());

        CpioEntry link = CpioEntry.symlink("bin/sh", "busybox");
        assertEquals(0120777, link.mode());
        assertEquals(7, link.size());
        assertEquals(Optional.of("busybox"), link.linkTarget());

        CpioEntry chr = CpioEntry.charDevice("dev/null", 0666, 1, 3);
        assertEquals(020666, chr.mode());
        assertEquals(1, chr.rdevMajor());
        assertEquals(3, chr.rdevMinor());
        assertTrue(chr.type().isDevice());

        CpioEntry blk = CpioEntry.blockDevice("dev/sda", 0660, 8, 0);
        assertEquals(060660, blk.mode());
        assertEquals('b', blk.type().symbol());

        assertEquals(010644, CpioEntry.fifo("p", 0644).mode());
        assertEquals(0140755, CpioEntry.socket("s", 0755).mode());

        CpioEntry trailer = CpioEntry.trailer();
        assertTrue(trailer.isTrailer());
        assertEquals(1, trailer.nlink());
        assertEquals(0, trailer.mode());
        assertEquals(EntryType.UNKNOWN, trailer.type());
    }

    @Test
    void factoriesInventNothing() {
        CpioEntry file = CpioEntry.file("f", 0644, 1);
        assertEquals(0, file.inode());
        assertEquals(0, file.mtime());
        assertEquals(0, file.uid());
        assertEquals(0, file.gid());
        assertEquals(-1, file.headerOffset());
        assertEquals(CpioFormat.NEWC, file.format());
        assertEquals(0, file.permissions() & ~07777);
        assertEquals(0644, CpioEntry.file("f", 0100644, 1).permissions(), "type bits in permissions are dropped");
    }

    @Test
    void builderChecksItsValues() {
        assertThrows(IllegalArgumentException.class, () -> CpioEntry.builder("a\0b"));
        assertThrows(IllegalArgumentException.class, () -> CpioEntry.builder("a").size(-1).build());
        assertThrows(IllegalArgumentException.class, () -> CpioEntry.builder("a").uid(-1).build());
        assertThrows(NullPointerException.class, () -> CpioEntry.builder("a").format(null));
        assertEquals("/abs", CpioEntry.builder("/abs").build().name(), "a leading slash is kept");
    }

    @Test
    void linkTargetAndSizeGoTogether() {
        CpioEntry e = CpioEntry.builder("l").mode(0120777).linkTarget("abc").build();
        assertEquals(3, e.size());
        CpioEntry sized = e.toBuilder().size(10).build();
        assertNull(sized.linkTargetBytes(), "setting a size drops the target");
        assertEquals(10, sized.size());
    }

    @Test
    void linkTargetDropsTheNulGenInitCpioWrites() {
        CpioEntry e = CpioEntry.builder("l").mode(0120777).linkTarget("abc\0".getBytes(StandardCharsets.US_ASCII)).build();
        assertEquals(Optional.of("abc"), e.linkTarget());
        assertEquals(4, e.size());
        assertArrayEquals("abc\0".getBytes(StandardCharsets.US_ASCII), e.linkTargetBytes());
    }

    @Test
    void namesAreRawBytes() {
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xe9};
        CpioEntry e = CpioEntry.builder(latin1).build();
        assertFalse(e.hasUtf8Name());
        assertEquals("caf\uFFFD", e.name());
        assertArrayEquals(latin1, e.nameBytes());
        byte[] copy = e.nameBytes();
        copy[0] = 'X';
        assertArrayEquals(latin1, e.nameBytes(), "nameBytes() is a copy");
        latin1[0] = 'Y';
        assertEquals('c', e.nameBytes()[0], "the builder copied its argument");
        assertTrue(CpioEntry.builder("grüße").build().hasUtf8Name());
        assertEquals(7, CpioEntry.builder("grüße").build().nameLength());
    }

    @Test
    void hardLinkedMeansLinkCountAboveOneAndNotADirectory() {
        assertTrue(CpioEntry.file("f", 0644, 0).toBuilder().nlink(2).build().isHardLinked());
        assertFalse(CpioEntry.file("f", 0644, 0).isHardLinked());
        assertFalse(CpioEntry.directory("d", 0755).toBuilder().nlink(5).build().isHardLinked());
        assertTrue(CpioEntry.charDevice("c", 0600, 1, 1).toBuilder().nlink(2).build().isHardLinked());
        assertFalse(CpioEntry.trailer().toBuilder().nlink(2).build().isHardLinked());
        CpioEntry e = CpioEntry.file("f", 0644, 0).toBuilder().dev(8, 1).inode(42).build();
        assertEquals(new LinkKey(8, 1, 42, EntryType.REGULAR), e.linkKey());
        // The kernel's rule (init/initramfs.c maybe_link): symbolic links are never linked.
        assertFalse(CpioEntry.symlink("s", "t").toBuilder().nlink(2).build().isHardLinked());
        assertTrue(CpioEntry.fifo("p", 0644).toBuilder().nlink(2).build().isHardLinked());
        assertEquals(java.util.Optional.empty(), LinkKey.of(CpioEntry.symlink("s", "t").toBuilder().nlink(2).build()));
        assertEquals(java.util.Optional.of(e.toBuilder().nlink(2).build().linkKey()),
                LinkKey.of(e.toBuilder().nlink(2).build()));
    }

    @Test
    void equalityComparesValuesNotWhereOrHowTheyWereRead() throws IOException {
        // The same archive twice: the second copy's entries sit at other offsets.
        byte[] bsd = Fixture.BSD_NEWC.bytes();
        ByteArrayOutputStream twice = new ByteArrayOutputStream();
        twice.writeBytes(bsd);
        twice.writeBytes(bsd);
        List<CpioEntry> entries = ArchiveContents.read(new ByteArrayInputStream(twice.toByteArray())).entries();
        int n = entries.size() / 2;
        for (int i = 0; i < n; i++) {
            assertEquals(entries.get(i), entries.get(i + n));
            assertEquals(entries.get(i).hashCode(), entries.get(i + n).hashCode());
            assertNotEquals(entries.get(i).headerOffset(), entries.get(i + n).headerOffset());
        }
        // Spelled in upper-case hex by a fresh encoding, the values are still equal.
        ByteArrayOutputStream upper = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(upper, WriteOptions.defaults().withKeepSourceHeaders(false))) {
            for (ArchiveContents.Item item : ArchiveContents.read(new ByteArrayInputStream(bsd)).items()) {
                w.write(item.entry(), item.data());
            }
        }
        assertNotEquals(new String(bsd, 0, 110, StandardCharsets.US_ASCII),
                new String(upper.toByteArray(), 0, 110, StandardCharsets.US_ASCII));
        assertEquals(entries.subList(0, n), ArchiveContents.read(new ByteArrayInputStream(upper.toByteArray())).entries());
    }

    @Test
    void toBuilderKeepsTheSourceHeaderOnlyWhileNothingChanges() throws IOException {
        ArchiveContents read = ArchiveContents.read(new ByteArrayInputStream(Fixture.BSD_NEWC.bytes()));
        CpioEntry motd = read.get("etc/motd").entry();
        byte[] data = read.get("etc/motd").data();
        assertEquals(motd.headerOffset(), motd.toBuilder().build().headerOffset());
        // Lower-case hex is libarchive's: a header written verbatim keeps it.
        assertEquals(motd.toBuilder().build(), motd);
        String verbatim = headerWritten(motd.toBuilder().build(), data);
        assertTrue(verbatim.startsWith("070701") && !verbatim.equals(verbatim.toUpperCase()), verbatim);
        // Any setter, even one that sets the same value, makes a fresh (upper-case) header.
        CpioEntry touched = motd.toBuilder().mtime(motd.mtime()).build();
        assertEquals(motd, touched);
        assertEquals(-1, touched.headerOffset());
        String fresh = headerWritten(touched, data);
        assertEquals(verbatim.toUpperCase(), fresh);
        // A different format also forgets it.
        assertEquals(-1, motd.toBuilder().format(CpioFormat.CRC).build().headerOffset());
    }

    private static String headerWritten(CpioEntry e, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(out)) {
            w.write(e, data);
        }
        return new String(out.toByteArray(), 0, 110, StandardCharsets.US_ASCII);
    }

    @Test
    void trailerPaddingIsKeptOnlyByTheReader() throws IOException {
        ArchiveContents read = ArchiveContents.read(new ByteArrayInputStream(Fixture.GNU_NEWC.bytes()));
        CpioEntry trailer = read.items().get(read.items().size() - 1).entry();
        assertTrue(trailer.trailerPadding() > 0);
        assertEquals(trailer.trailerPadding(), trailer.toBuilder().build().trailerPadding());
        assertEquals(0, trailer.toBuilder().nlink(1).build().trailerPadding());
        assertEquals(0, CpioEntry.trailer().trailerPadding());
    }

    @Test
    void toStringShowsTheEssentials() {
        String s = CpioEntry.symlink("bin/sh", "busybox").toString();
        assertTrue(s.contains("'bin/sh'") && s.contains("SYMLINK") && s.contains("-> 'busybox'"), s);
    }

    @Test
    void entryTypesFromModes() {
        for (EntryType t : EntryType.values()) {
            assertEquals(t, EntryType.of(t.bits() | 0755));
        }
        assertEquals(EntryType.UNKNOWN, EntryType.of(0170000));
        assertEquals(EntryType.REGULAR, EntryType.of(0xFFFF0000L | 0100644), "only the type bits count");
    }
}
