package dev.remaster.cpio;

import dev.remaster.io.FormatException;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

class CpioReaderTest {

    static Stream<Arguments> fixturesAndInputKinds() {
        return Arrays.stream(Fixture.values())
                .flatMap(f -> Arrays.stream(InputKind.values()).map(k -> Arguments.of(f, k)));
    }

    private static String treeName(Fixture f, CpioEntry e) {
        String name = e.name();
        if (f.dotSlashNames() && name.startsWith("./")) {
            return name.substring(2);
        }
        return name;
    }

    // ---- the fixtures hold the source tree --------------------------------------------------

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void everyFixtureHoldsTheSourceTree(Fixture fixture) throws IOException {
        ArchiveContents read = ArchiveContents.read(new ByteArrayInputStream(fixture.bytes()));
        List<ArchiveContents.Item> items = read.items();
        CpioEntry last = items.get(items.size() - 1).entry();
        assertTrue(last.isTrailer(), "last entry is the trailer: " + last);

        Set<String> names = new TreeSet<>();
        for (ArchiveContents.Item item : items.subList(0, items.size() - 1)) {
            CpioEntry e = item.entry();
            String name = treeName(fixture, e);
            assertTrue(names.add(name), "duplicate " + name);
            SourceTree.Node n = SourceTree.node(name);
            assertEquals(fixture.format(), e.format(), name);
            assertEquals(n.type(), e.type(), name);
            assertEquals(n.mode(), e.mode(), name + " mode");
            assertEquals(n.uid(), e.uid(), name + " uid");
            assertEquals(n.gid(), e.gid(), name + " gid");
            assertEquals(n.nlink(), e.nlink(), name + " nlink");
            assertEquals(SourceTree.MTIME, e.mtime(), name + " mtime");
            assertEquals(n.rdevMajor(), e.rdevMajor(), name + " rdev major");
            assertEquals(n.rdevMinor(), e.rdevMinor(), name + " rdev minor");
            assertTrue(e.hasUtf8Name(), name);
            if (n.type() == EntryType.SYMLINK) {
                assertEquals(Optional.of(n.target()), e.linkTarget(), name);
                assertArrayEquals(n.content(), item.data(), name + " data() gives the target");
            } else {
                assertEquals(Optional.empty(), e.linkTarget(), name);
            }
            boolean sizeZeroLink = SourceTree.LINK_GROUP.contains(name) && e.size() == 0;
            if (!sizeZeroLink) {
                assertEquals(n.content().length, e.size(), name + " size");
                assertArrayEquals(n.content(), item.data(), name + " data");
            }
        }
        Set<String> expected = SourceTree.NODES.stream().map(SourceTree.Node::name)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, names);
        assertEquals(fixture.bytes().length, read.endPosition(), "the reader consumed the whole input");
    }

    @Test
    void gnuNewcEntryValues() throws IOException {
        ArchiveContents read = ArchiveContents.read(new ByteArrayInputStream(Fixture.GNU_NEWC.bytes()));

        CpioEntry su = read.get("bin/su").entry();
        assertEquals(EntryType.REGULAR, su.type());
        assertEquals(0104755, su.mode());
        assertEquals(04755, su.permissions());
        assertEquals(22, su.size());

        CpioEntry tmp = read.get("tmp").entry();
        assertEquals(EntryType.DIRECTORY, tmp.type());
        assertEquals(041777, tmp.mode());

        CpioEntry shared = read.get("srv/shared").entry();
        assertEquals(042775, shared.mode());
        assertEquals(65534, shared.uid());
        assertEquals(65534, shared.gid());
        assertEquals(2, shared.nlink());

        CpioEntry notes = read.get("home/user/notes").entry();
        assertEquals(1000, notes.uid());
        assertEquals(50, notes.gid());
        assertEquals(17, notes.size());

        CpioEntry nul = read.get("dev/null").entry();
        assertEquals(EntryType.CHAR_DEVICE, nul.type());
        assertEquals(020666, nul.mode());
        assertEquals(1, nul.rdevMajor());
        assertEquals(3, nul.rdevMinor());
        assertEquals(0, nul.size());

        CpioEntry sda = read.get("dev/sda").entry();
        assertEquals(EntryType.BLOCK_DEVICE, sda.type());
        assertEquals(060660, sda.mode());
        assertEquals(8, sda.rdevMajor());
        assertEquals(0, sda.rdevMinor());
        assertEquals(6, sda.gid());

        CpioEntry fifo = read.get("dev/fifo").entry();
        assertEquals(EntryType.FIFO, fifo.type());
        assertEquals(010644, fifo.mode());

        CpioEntry sh = read.get("bin/sh").entry();
        assertEquals(EntryType.SYMLINK, sh.type());
        assertEquals(0120777, sh.mode());
        assertEquals(Optional.of("busybox"), sh.linkTarget());
        assertEquals(7, sh.size());
        assertEquals(Optional.of("/etc/hostname"), read.get("etc/abs-link").entry().linkTarget());
        assertEquals(Optional.of("../etc/motd"), read.get("links/motd").entry().linkTarget());

        CpioEntry big = read.get("data/big.bin").entry();
        assertEquals(301309, big.size());
        assertArrayEquals(SourceTree.bigBin(), read.get("data/big.bin").data());
        assertEquals(0, read.get("empty").entry().size());

        CpioEntry utf8 = read.get(SourceTree.UTF8_NAME).entry();
        assertArrayEquals(SourceTree.UTF8_NAME.getBytes(StandardCharsets.UTF_8), utf8.nameBytes());
        assertEquals(18, utf8.nameLength(), "ü and ß take 2 bytes, 日 and 本 take 3");
        assertTrue(utf8.hasUtf8Name());

        CpioEntry longName = read.get(SourceTree.LONG_NAME).entry();
        assertEquals(250, longName.nameLength());
        assertEquals(SourceTree.LONG_NAME, longName.name());

        // GNU cpio keeps the file system's numbers: every entry of the tree has the same device.
        Set<List<Long>> devices = read.entries().stream().filter(e -> !e.isTrailer())
                .map(e -> List.of(e.devMajor(), e.devMinor())).collect(Collectors.toSet());
        assertEquals(1, devices.size(), devices.toString());

        CpioEntry trailer = read.items().get(read.items().size() - 1).entry();
        assertTrue(trailer.isTrailer());
        assertEquals(1, trailer.nlink());
        assertEquals(0, trailer.mode());
        assertEquals(EntryType.UNKNOWN, trailer.type());
        assertEquals(Fixture.GNU_NEWC.bytes().length - trailer.headerOffset() - 124, trailer.trailerPadding(),
                "GNU cpio pads to 512 bytes after the 124-byte trailer");
        assertEquals(0, Fixture.GNU_NEWC.bytes().length % 512);
    }

    @Test
    void busyboxTrailerHasLinkCountZeroAndNoBlockPadding() throws IOException {
        byte[] bytes = Fixture.BUSYBOX_NEWC.bytes();
        ArchiveContents read = ArchiveContents.read(new ByteArrayInputStream(bytes));
        CpioEntry trailer = read.items().get(read.items().size() - 1).entry();
        assertTrue(trailer.isTrailer());
        assertEquals(0, trailer.nlink());
        assertEquals(0, trailer.trailerPadding());
        assertEquals(bytes.length, trailer.headerOffset() + 124);
    }

    // ---- hard links --------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(Fixture.class)
    void hardLinkGroupCarriesItsDataWhereTheFormatSays(Fixture fixture) throws IOException {
        ArchiveContents read = ArchiveContents.read(new ByteArrayInputStream(fixture.bytes()));
        LinkGroups groups = LinkGroups.of(read.entries());
        assertEquals(1, groups.groups().size(), groups.groups().toString());
        LinkGroups.Group group = groups.groups().get(0);
        assertEquals(3, group.links().size());
        assertEquals(Set.copyOf(SourceTree.LINK_GROUP),
                group.links().stream().map(e -> treeName(fixture, e)).collect(Collectors.toSet()));
        byte[] content = SourceTree.node("links/a").content();
        if (fixture.format().isSvr4()) {
            // newc and crc: the data on the last link written, size 0 on the others.
            assertEquals(2, group.dataIndex());
            for (int i = 0; i < 2; i++) {
                assertEquals(0, group.links().get(i).size(), group.links().get(i).toString());
            }
            assertEquals(content.length, group.links().get(2).size());
        } else {
            // odc and old binary: every link carries the data.
            for (CpioEntry link : group.links()) {
                assertEquals(content.length, link.size(), link.toString());
                assertArrayEquals(content, read.items().stream().filter(i -> i.entry().equals(link))
                        .findFirst().orElseThrow().data());
            }
        }
        assertEquals(content.length, group.dataCarrier().size());
    }

    // ---- one suite over every input kind -----------------------------------------------------

    @ParameterizedTest
    @MethodSource("fixturesAndInputKinds")
    void sameEntriesAndDataOverEveryInputKind(Fixture fixture, InputKind kind) throws IOException {
        byte[] bytes = fixture.bytes();
        ArchiveContents expected = ArchiveContents.read(new ByteArrayInputStream(bytes));
        ArchiveContents actual = ArchiveContents.read(kind.open(bytes));
        assertEquals(expected.entries(), actual.entries());
        for (int i = 0; i < expected.items().size(); i++) {
            assertEquals(expected.items().get(i).entry().headerOffset(), actual.items().get(i).entry().headerOffset());
            assertEquals(Sha256.hex(expected.items().get(i).data()), Sha256.hex(actual.items().get(i).data()),
                    expected.items().get(i).entry().name());
        }
        assertEquals(bytes.length, actual.endPosition());
    }

    @ParameterizedTest
    @MethodSource("fixturesAndInputKinds")
    void skippingOrPartlyReadingDataGivesTheSameEntries(Fixture fixture, InputKind kind) throws IOException {
        byte[] bytes = fixture.bytes();
        List<CpioEntry> expected = ArchiveContents.read(new ByteArrayInputStream(bytes)).entries();

        List<CpioEntry> skipped = new ArrayList<>();
        try (CpioReader reader = CpioReader.of(kind.open(bytes))) {
            for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                skipped.add(e);
            }
            assertEquals(bytes.length, reader.position());
        }
        assertEquals(expected, skipped);

        List<CpioEntry> partly = new ArrayList<>();
        try (CpioReader reader = CpioReader.of(kind.open(bytes))) {
            for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                partly.add(e);
                InputStream data = reader.data();
                long half = e.size() / 2;
                byte[] head = data.readNBytes((int) Math.min(half, 1000));
                assertEquals(Math.min(half, 1000), head.length);
                if (e.size() > 3000) {
                    assertTrue(data.skip(1000) > 0, "skip() moves on within the data");
                }
            }
        }
        assertEquals(expected, partly);
    }

    @Test
    void headerOffsetsFollowTheFormatsPadding() throws IOException {
        for (Fixture fixture : Fixture.values()) {
            CpioFormat format = fixture.format();
            long expectedOffset = 0;
            try (CpioReader reader = CpioReader.of(new ByteArrayInputStream(fixture.bytes()))) {
                for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                    assertEquals(expectedOffset, e.headerOffset(), fixture + " " + e.name());
                    long headerAndName = format.headerLength() + e.nameLength() + 1;
                    expectedOffset += headerAndName + format.padding(headerAndName)
                            + e.size() + format.padding(e.size());
                    if (format.isSvr4()) {
                        assertEquals(0, e.headerOffset() % 4, e.name());
                    }
                }
            }
        }
    }

    @Test
    void dataIsTheCurrentEntrysOnly() throws IOException {
        try (CpioReader reader = CpioReader.of(new ByteArrayInputStream(Fixture.GNU_NEWC.bytes()))) {
            assertThrows(IllegalStateException.class, reader::data);
            assertNull(reader.current());
            CpioEntry e = reader.next();
            while (!e.name().equals("bin/busybox")) {
                e = reader.next();
            }
            assertEquals(e, reader.current());
            InputStream data = reader.data();
            assertEquals('b', data.read());
            reader.next();
            assertEquals(-1, data.read(), "a stale data stream is at its end");
            assertEquals(0, data.skip(5));
        }
    }

    @Test
    void readerClosesItsInput() throws IOException {
        boolean[] closed = {false};
        InputStream in = new ByteArrayInputStream(Fixture.GNU_NEWC.bytes()) {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        CpioReader.of(in).close();
        assertTrue(closed[0]);
    }

    // ---- limits ------------------------------------------------------------------------------

    @Test
    void nameOverTheLimitIsRefusedBeforeItIsRead() throws IOException {
        ReadOptions options = ReadOptions.defaults().withLimits(Limits.defaults().withMaxNameSize(200)).withSourceName("gnu-newc.cpio");
        try (CpioReader reader = CpioReader.of(new ByteArrayInputStream(Fixture.GNU_NEWC.bytes()), options)) {
            FormatException e = assertThrows(FormatException.class, () -> {
                while (reader.next() != null) {
                    // the 250-byte name stops it
                }
            });
            assertEquals("c_namesize", e.field());
            assertEquals("gnu-newc.cpio", e.source());
            assertTrue(e.getMessage().contains("251 is over the limit of 200"), e.getMessage());
        }
    }

    @Test
    void linkTargetOverTheLimitIsRefused() throws IOException {
        ReadOptions options = ReadOptions.defaults().withLimits(Limits.defaults().withMaxLinkTargetSize(10));
        try (CpioReader reader = CpioReader.of(new ByteArrayInputStream(Fixture.GNU_NEWC.bytes()), options)) {
            FormatException e = assertThrows(FormatException.class, () -> {
                while (reader.next() != null) {
                    // etc/abs-link's 13-byte target stops it
                }
            });
            assertEquals("c_filesize", e.field());
            assertEquals("etc/abs-link", e.entryName());
        }
    }

    @Test
    void entryCountIsBounded() throws IOException {
        try (CpioReader reader = CpioReader.of(new ByteArrayInputStream(Fixture.GNU_NEWC.bytes()),
                ReadOptions.defaults().withLimits(Limits.defaults().withMaxEntries(5)))) {
            for (int i = 0; i < 5; i++) {
                assertNotNull(reader.next());
            }
            FormatException e = assertThrows(FormatException.class, reader::next);
            assertTrue(e.getMessage().contains("more than 5 entries"), e.getMessage());
        }
    }

    @Test
    void checksumsAreVerifiedUnlessTurnedOff() throws IOException {
        byte[] bytes = Fixture.GNU_CRC.bytes();
        ArchiveContents read = ArchiveContents.read(new ByteArrayInputStream(bytes));
        CpioEntry big = read.get("data/big.bin").entry();
        long sum = 0;
        for (byte b : SourceTree.bigBin()) {
            sum += b & 0xff;
        }
        assertEquals(sum & 0xffffffffL, big.checksum());
        assertEquals(0, read.get("bin/sh").entry().checksum(), "symlinks carry no sum");

        bytes[(int) big.headerOffset() + 124 + 5] ^= 0x01;
        assertThrows(FormatException.class, () -> ArchiveContents.read(new ByteArrayInputStream(bytes)));
        ArchiveContents unchecked = ArchiveContents.read(new ByteArrayInputStream(bytes),
                ReadOptions.defaults().withVerifyChecksums(false));
        assertEquals(read.entries(), unchecked.entries());
    }

    // ---- several archives in one stream ------------------------------------------------------

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void concatenatedArchivesAreReadWithBothTrailers() throws IOException {
        byte[] first = Fixture.BUSYBOX_NEWC.bytes();   // ends right after its trailer
        byte[] second = Fixture.GNU_NEWC.bytes();       // ends with 512-block padding
        byte[] joined = concat(first, new byte[36], second);

        List<CpioEntry> firstEntries = ArchiveContents.read(new ByteArrayInputStream(first)).entries();
        List<CpioEntry> secondEntries = ArchiveContents.read(new ByteArrayInputStream(second)).entries();
        ArchiveContents read = ArchiveContents.read(new ByteArrayInputStream(joined));

        List<ArchiveContents.Item> trailers = read.items().stream().filter(i -> i.entry().isTrailer()).toList();
        assertEquals(2, trailers.size());
        assertEquals(36, trailers.get(0).entry().trailerPadding());
        assertEquals(0, trailers.get(0).archiveIndex());
        assertEquals(1, trailers.get(1).archiveIndex());
        assertEquals(secondEntries.get(secondEntries.size() - 1).trailerPadding(),
                trailers.get(1).entry().trailerPadding());

        assertEquals(firstEntries.size() + secondEntries.size(), read.items().size());
        for (int i = 0; i < read.items().size(); i++) {
            ArchiveContents.Item item = read.items().get(i);
            boolean inFirst = i < firstEntries.size();
            assertEquals(inFirst ? 0 : 1, item.archiveIndex(), item.entry().name());
            CpioEntry expected = inFirst ? firstEntries.get(i) : secondEntries.get(i - firstEntries.size());
            assertEquals(expected, item.entry());
            long shift = inFirst ? 0 : first.length + 36;
            assertEquals(expected.headerOffset() + shift, item.entry().headerOffset());
        }
        assertEquals(joined.length, read.endPosition());

        // Link groups are scoped per archive: the same tree twice makes two groups.
        LinkGroups groups = LinkGroups.of(read.entries());
        assertEquals(2, groups.groups().size());
        assertEquals(1, groups.inArchive(0).size());
        assertEquals(1, groups.inArchive(1).size());
    }

    @Test
    void junkAfterATrailerIsAnError() throws IOException {
        byte[] archive = Fixture.GNU_NEWC.bytes();
        byte[] joined = concat(archive, "junk!junk!".getBytes(StandardCharsets.US_ASCII));
        try (CpioReader reader = CpioReader.of(new ByteArrayInputStream(joined))) {
            CpioEntry e;
            do {
                e = reader.next();
            } while (!e.isTrailer());
            FormatException error = assertThrows(FormatException.class, reader::next);
            assertEquals(archive.length, error.offset());
            assertTrue(error.getMessage().contains("junk after TRAILER!!!: junk!jun"), error.getMessage());
        }
    }

    @Test
    void stopAtForeignDataEndsAtTheJunkAndSaysWhere() throws IOException {
        byte[] archive = Fixture.BUSYBOX_NEWC.bytes();
        byte[] gzipMagic = {0x1f, (byte) 0x8b, 0x08, 0, 0, 0, 0, 0};
        byte[] joined = concat(archive, new byte[8], gzipMagic);
        ReadOptions stop = ReadOptions.defaults().withStopAtForeignData(true);
        try (CpioReader reader = CpioReader.of(new ByteArrayInputStream(joined), stop)) {
            CpioEntry e;
            do {
                e = reader.next();
            } while (!e.isTrailer());
            assertEquals(8, e.trailerPadding());
            assertNull(reader.next());
            assertEquals(archive.length + 8, reader.position());
            assertNull(reader.next(), "stays at the end");
            assertEquals(0, reader.archiveIndex());
        }
    }

    @Test
    void stopAtForeignDataStopsAtAMagicThatIsNotFourAligned() throws IOException {
        byte[] archive = Fixture.BUSYBOX_NEWC.bytes();
        assertEquals(0, archive.length % 4);
        byte[] joined = concat(archive, new byte[2], Fixture.GNU_NEWC.bytes());
        ReadOptions stop = ReadOptions.defaults().withStopAtForeignData(true);
        try (CpioReader reader = CpioReader.of(new ByteArrayInputStream(joined), stop)) {
            CpioEntry e;
            do {
                e = reader.next();
            } while (!e.isTrailer());
            assertEquals(2, e.trailerPadding());
            assertNull(reader.next());
            assertEquals(archive.length + 2, reader.position());
        }
        // Aligned, the same archive is read as a second one.
        byte[] aligned = concat(archive, new byte[4], Fixture.GNU_NEWC.bytes());
        ArchiveContents read = ArchiveContents.read(new ByteArrayInputStream(aligned), stop);
        assertEquals(2, read.items().stream().filter(i -> i.entry().isTrailer()).count());
        assertEquals(aligned.length, read.endPosition());
    }

    @Test
    void stopAtForeignDataEndsQuietlyAtTheEndOfInput() throws IOException {
        ReadOptions stop = ReadOptions.defaults().withStopAtForeignData(true);
        byte[] bytes = Fixture.GNU_NEWC.bytes();
        ArchiveContents read = ArchiveContents.read(new ByteArrayInputStream(bytes), stop);
        assertEquals(ArchiveContents.read(new ByteArrayInputStream(bytes)).entries(), read.entries());
        assertEquals(bytes.length, read.endPosition());
        assertFalse(read.items().stream().anyMatch(i -> i.archiveIndex() > 0));
    }

    @Test
    void optionsAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> ReadOptions.defaults().withBaseOffset(-1));
        assertThrows(IllegalArgumentException.class, () -> Limits.defaults().withMaxNameSize(0));
        assertThrows(IllegalArgumentException.class, () -> Limits.defaults().withMaxLinkTargetSize(0));
        assertThrows(IllegalArgumentException.class, () -> Limits.defaults().withMaxEntries(0));
        assertThrows(NullPointerException.class, () -> CpioReader.of(null));
        assertThrows(NullPointerException.class, () -> CpioReader.of(InputStream.nullInputStream(), null));
        ReadOptions o = ReadOptions.defaults();
        assertTrue(o.verifyChecksums());
        assertFalse(o.stopAtForeignData());
        assertEquals(0, o.baseOffset());
        assertEquals(o, CpioReader.of(InputStream.nullInputStream(), o).options());
    }
}
