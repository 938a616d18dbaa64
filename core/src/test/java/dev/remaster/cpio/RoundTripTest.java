package dev.remaster.cpio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Read, write back, compare: copies are exact, byte for byte, for every writable format. */
class RoundTripTest {

    /** Copies every entry of {@code in} to {@code out} as it is read, in {@code format}. */
    private static long copy(InputStream in, OutputStream out, CpioFormat format) throws IOException {
        long entries = 0;
        try (CpioReader reader = CpioReader.of(in);
                CpioWriter writer = CpioWriter.of(out, WriteOptions.defaults().withFormat(format))) {
            for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                if (e.type() == EntryType.SYMLINK) {
                    writer.write(e);
                } else {
                    writer.write(e, reader.data());
                }
                entries++;
            }
        }
        return entries;
    }

    @ParameterizedTest
    @EnumSource(value = Fixture.class, mode = EnumSource.Mode.EXCLUDE, names = "GNU_BIN")
    void everyWritableFixtureIsCopiedByteForByte(Fixture fixture) throws IOException {
        byte[] source = fixture.bytes();
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        copy(new ByteArrayInputStream(source), copy, fixture.format());
        assertEquals(source.length, copy.size());
        assertArrayEquals(source, copy.toByteArray());
    }

    @ParameterizedTest
    @EnumSource(value = Fixture.class, mode = EnumSource.Mode.EXCLUDE, names = "GNU_BIN")
    void copyingWithByteArraysIsExactToo(Fixture fixture) throws IOException {
        byte[] source = fixture.bytes();
        ArchiveContents read = ArchiveContents.read(new ByteArrayInputStream(source));
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        try (CpioWriter writer = CpioWriter.of(copy, WriteOptions.defaults().withFormat(fixture.format()))) {
            for (ArchiveContents.Item item : read.items()) {
                writer.write(item.entry(), item.data());
            }
        }
        assertArrayEquals(source, copy.toByteArray());
    }

    @Test
    void concatenatedArchivesAreCopiedWithTheirPadding() throws IOException {
        ByteArrayOutputStream joined = new ByteArrayOutputStream();
        joined.writeBytes(Fixture.BUSYBOX_NEWC.bytes());
        joined.writeBytes(new byte[12]);
        joined.writeBytes(Fixture.GNU_NEWC.bytes());
        joined.writeBytes(Fixture.BSD_NEWC.bytes());
        byte[] source = joined.toByteArray();
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        assertTrue(copy(new ByteArrayInputStream(source), copy, CpioFormat.NEWC) > 3);
        assertArrayEquals(source, copy.toByteArray());
    }

    /** Old binary cannot be written: its entries, converted to newc and read back, are equal in value. */
    @Test
    void oldBinaryEntriesSurviveConversionToNewc() throws IOException {
        ArchiveContents source = ArchiveContents.read(new ByteArrayInputStream(Fixture.GNU_BIN.bytes()));
        ByteArrayOutputStream newc = new ByteArrayOutputStream();
        try (CpioWriter writer = CpioWriter.of(newc)) {
            for (ArchiveContents.Item item : source.items()) {
                writer.write(item.entry().toBuilder().format(CpioFormat.NEWC).build(), item.data());
            }
        }
        ArchiveContents back = ArchiveContents.read(new ByteArrayInputStream(newc.toByteArray()));
        assertEquals(source.items().size(), back.items().size());
        for (int i = 0; i < source.items().size(); i++) {
            CpioEntry was = source.items().get(i).entry();
            CpioEntry is = back.items().get(i).entry();
            assertEquals(CpioFormat.BINARY_LE, was.format());
            assertEquals(CpioFormat.NEWC, is.format());
            assertEquals(was.toBuilder().format(CpioFormat.NEWC).build(), is);
            assertArrayEquals(source.items().get(i).data(), back.items().get(i).data(), was.name());
        }
        assertEquals(0, newc.size() % 512);
    }

    /** Re-encoding (not copying the source headers) gives the same values, for every format pair. */
    @ParameterizedTest
    @EnumSource(Fixture.class)
    void reencodedEntriesReadBackEqual(Fixture fixture) throws IOException {
        ArchiveContents source = ArchiveContents.read(new ByteArrayInputStream(fixture.bytes()));
        for (CpioFormat target : List.of(CpioFormat.NEWC, CpioFormat.CRC, CpioFormat.ODC)) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (CpioWriter writer = CpioWriter.of(out,
                    WriteOptions.defaults().withFormat(target).withKeepSourceHeaders(false))) {
                for (ArchiveContents.Item item : source.items()) {
                    CpioEntry e = item.entry();
                    if (target == CpioFormat.ODC) {
                        // odc has 18 bits for an inode; GNU newc keeps the file system's.
                        e = e.toBuilder().inode(e.inode() & 0777777).build();
                    }
                    writer.write(e, item.data());
                }
            }
            ArchiveContents back = ArchiveContents.read(new ByteArrayInputStream(out.toByteArray()));
            assertEquals(source.items().size(), back.items().size());
            for (int i = 0; i < source.items().size(); i++) {
                CpioEntry was = source.items().get(i).entry();
                CpioEntry is = back.items().get(i).entry();
                String what = fixture + " -> " + target + ": " + was.name();
                assertEquals(target, is.format(), what);
                assertArrayEquals(was.nameBytes(), is.nameBytes(), what);
                assertEquals(was.mode(), is.mode(), what);
                assertEquals(was.uid(), is.uid(), what);
                assertEquals(was.gid(), is.gid(), what);
                assertEquals(was.nlink(), is.nlink(), what);
                assertEquals(was.mtime(), is.mtime(), what);
                assertEquals(was.size(), is.size(), what);
                assertEquals(was.rdevMajor(), is.rdevMajor(), what);
                assertEquals(was.rdevMinor(), is.rdevMinor(), what);
                assertEquals(was.linkTarget(), is.linkTarget(), what);
                assertArrayEquals(source.items().get(i).data(), back.items().get(i).data(), what);
            }
        }
    }

    /**
     * The Debian installer's initrd (about 137 MB of newc once gunzipped), copied as it streams:
     * the digest of what the reader consumed equals the digest of what the writer produced.
     */
    @Test
    @Tag("slow")
    void debianInstallerInitrdIsCopiedByteForByte() throws IOException {
        assumeTrue(Files.isRegularFile(Fixture.DEBIAN_INSTALLER_INITRD),
                "the Debian installer initrd is absent: " + Fixture.DEBIAN_INSTALLER_INITRD);
        MessageDigest inDigest = Sha256.newDigest();
        MessageDigest outDigest = Sha256.newDigest();
        long[] counts = new long[2];
        InputStream raw = new BufferedInputStream(Files.newInputStream(Fixture.DEBIAN_INSTALLER_INITRD), 1 << 16);
        try (DigestInputStream in = new DigestInputStream(new GZIPInputStream(raw, 1 << 16), inDigest)) {
            OutputStream counting = new OutputStream() {
                @Override
                public void write(int b) {
                    counts[1]++;
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    counts[1] += len;
                }
            };
            counts[0] = copy(new InputStream() {
                // Kept open by the reader's close(): the digest is read after the copy.
                @Override
                public int read() throws IOException {
                    return in.read();
                }

                @Override
                public int read(byte[] b, int off, int len) throws IOException {
                    return in.read(b, off, len);
                }
            }, new DigestOutputStream(counting, outDigest), CpioFormat.NEWC);
            assertEquals(-1, in.read(), "the reader consumed the whole stream");
        }
        assertTrue(counts[0] > 1000, "entries: " + counts[0]);
        assertTrue(counts[1] > 100_000_000L, "bytes: " + counts[1]);
        assertEquals(HexFormat.of().formatHex(inDigest.digest()), HexFormat.of().formatHex(outDigest.digest()));
        System.out.printf("Debian installer initrd: %d entries, %d bytes copied exactly%n", counts[0], counts[1]);
    }
}
