package dev.remaster.spec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioFormat;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.EntryType;
import dev.remaster.cpio.WriteOptions;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SpecArchiverTest {
    private static final byte[] BUSYBOX = "#!/bin/sh\necho pretend to be busybox\n".getBytes(StandardCharsets.US_ASCII);
    private static final String LIST = String.join("\n",
            "# gen_init_cpio's own example, and more",
            "dir /dev 0755 0 0",
            "nod /dev/console 0600 0 5 c 5 1",
            "nod /dev/sda 0660 0 6 b 8 0",
            "file /bin/busybox ${SRC}/busybox 04755 0 0 /bin/sh /sbin/init",
            "slink /init bin/busybox 0777 0 0",
            "pipe /run/fifo 0620 1000 100",
            "sock /run/sock 0700 4294967295 7",
            "");

    @TempDir
    Path base;

    @BeforeEach
    void files() throws IOException {
        Files.createDirectories(base.resolve("src"));
        Files.write(base.resolve("src/busybox"), BUSYBOX);
        Files.setLastModifiedTime(base.resolve("src/busybox"), FileTime.from(1234567890, TimeUnit.SECONDS));
    }

    private InitramfsSpec spec(String text) throws SpecFormatException {
        return SpecParser.withEnvironment(Map.of("SRC", "src")).parse(text, "test.list", base);
    }

    private byte[] archive(String text, SpecArchiveOptions options, WriteOptions writeOptions) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter writer = CpioWriter.of(out, writeOptions)) {
            SpecArchiver.of(options).write(spec(text), writer);
        }
        return out.toByteArray();
    }

    @Test
    void writesEveryLineAsTheEntryItDescribesWithoutRoot() throws IOException {
        List<ArchiveItems> items = ArchiveItems.read(archive(LIST, SpecArchiveOptions.defaults(), WriteOptions.defaults()));
        assertEquals(List.of("dev", "dev/console", "dev/sda", "bin/busybox", "bin/sh", "sbin/init", "init",
                "run/fifo", "run/sock"), ArchiveItems.names(items));

        CpioEntry console = ArchiveItems.named(items, "dev/console").entry();
        assertEquals(EntryType.CHAR_DEVICE, console.type());
        assertEquals(0600, console.permissions());
        assertEquals(5, console.gid());
        assertEquals(5, console.rdevMajor());
        assertEquals(1, console.rdevMinor());
        CpioEntry sda = ArchiveItems.named(items, "dev/sda").entry();
        assertEquals(EntryType.BLOCK_DEVICE, sda.type());
        assertEquals(8, sda.rdevMajor());

        CpioEntry fifo = ArchiveItems.named(items, "run/fifo").entry();
        assertEquals(EntryType.FIFO.bits() | 0620, fifo.mode());
        assertEquals(1000, fifo.uid());
        assertEquals(100, fifo.gid());
        CpioEntry sock = ArchiveItems.named(items, "run/sock").entry();
        assertEquals(EntryType.SOCKET, sock.type());
        assertEquals(4294967295L, sock.uid());

        CpioEntry init = ArchiveItems.named(items, "init").entry();
        assertEquals(EntryType.SYMLINK.bits() | 0777, init.mode());
        assertEquals("bin/busybox", init.linkTarget().orElseThrow());
        assertArrayEquals("bin/busybox\0".getBytes(StandardCharsets.US_ASCII), init.linkTargetBytes(),
                "gen_init_cpio stores the target's NUL");

        // One file with three names: one inode, the setuid mode on each, the data on the last.
        for (String name : List.of("bin/busybox", "bin/sh", "sbin/init")) {
            ArchiveItems item = ArchiveItems.named(items, name);
            assertEquals(EntryType.REGULAR.bits() | 04755, item.entry().mode(), name);
            assertEquals(3, item.entry().nlink(), name);
            assertEquals(ArchiveItems.named(items, "bin/busybox").entry().inode(), item.entry().inode(), name);
            assertEquals(1234567890, item.entry().mtime(), "a file's mtime is its location's");
        }
        assertEquals(0, ArchiveItems.named(items, "bin/busybox").data().length);
        assertEquals(0, ArchiveItems.named(items, "bin/sh").data().length);
        assertArrayEquals(BUSYBOX, ArchiveItems.named(items, "sbin/init").data());

        // Inodes from 721, one per line; mtime 0 for what is not a file; device 3:1 everywhere.
        assertEquals(List.of(721L, 722L, 723L, 724L, 724L, 724L, 725L, 726L, 727L),
                items.stream().map(i -> i.entry().inode()).toList());
        for (ArchiveItems item : items) {
            if (item.entry().type() != EntryType.REGULAR) {
                assertEquals(0, item.entry().mtime(), item.entry().name());
            }
            assertEquals(3, item.entry().devMajor());
            assertEquals(1, item.entry().devMinor());
        }
        assertEquals(List.of(2L, 1L, 1L, 3L, 3L, 3L, 1L, 2L, 2L), items.stream().map(i -> i.entry().nlink()).toList());
    }

    /**
     * The archive gen_init_cpio -t 1700000000 writes for a list, spelled out from the newc layout:
     * upper-case hex fields, name padded so header and name fill a multiple of 4, data likewise,
     * then the trailer (nlink 1) and NULs to a multiple of 512.
     */
    @Test
    void writesTheBytesGenInitCpioWritesWhenTheMtimeIsGiven() throws IOException {
        String list = "dir /dev 0755 0 0\nnod /dev/console 0600 0 0 c 5 1\n"
                + "file /bin/busybox src/busybox 0755 0 0 /bin/sh\nslink /init /bin/sh 0777 0 0\n"
                + "pipe /p 0644 0 0\nsock /s 0755 0 0\n";
        long t = 1700000000L;
        ByteArrayOutputStream expected = new ByteArrayOutputStream();
        newc(expected, 721, 040755, 2, t, 0, 0, "dev", new byte[0]);
        newc(expected, 722, 020600, 1, t, 5, 1, "dev/console", new byte[0]);
        newc(expected, 723, 0100755, 2, t, 0, 0, "bin/busybox", new byte[0]);
        newc(expected, 723, 0100755, 2, t, 0, 0, "bin/sh", BUSYBOX);
        newc(expected, 724, 0120777, 1, t, 0, 0, "init", "/bin/sh\0".getBytes(StandardCharsets.US_ASCII));
        newc(expected, 725, 010644, 2, t, 0, 0, "p", new byte[0]);
        newc(expected, 726, 0140755, 2, t, 0, 0, "s", new byte[0]);
        String trailer = String.format("070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
                0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 11, 0);
        put(expected, (trailer + "TRAILER!!!\0").getBytes(StandardCharsets.US_ASCII));
        while (expected.size() % 512 != 0) {
            expected.write(0);
        }
        byte[] ours = archive(list, SpecArchiveOptions.defaults().withMtime(t), WriteOptions.defaults());
        assertEquals(new String(expected.toByteArray(), StandardCharsets.ISO_8859_1),
                new String(ours, StandardCharsets.ISO_8859_1));
    }

    private static void newc(ByteArrayOutputStream out, long ino, int mode, long nlink, long mtime,
            long rmajor, long rminor, String name, byte[] data) {
        String header = String.format("070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
                ino, mode, 0, 0, nlink, mtime, data.length, 3, 1, rmajor, rminor, name.length() + 1, 0);
        put(out, (header + name + "\0").getBytes(StandardCharsets.US_ASCII));
        put(out, data);
    }

    private static void put(ByteArrayOutputStream out, byte[] bytes) {
        out.writeBytes(bytes);
        while (out.size() % 4 != 0) {
            out.write(0);
        }
    }

    @Test
    void givesEveryEntryTheMtimeWhenOneIsGiven() throws IOException {
        for (ArchiveItems item : ArchiveItems.read(archive(LIST, SpecArchiveOptions.defaults().withMtime(42L),
                WriteOptions.defaults()))) {
            assertEquals(42, item.entry().mtime(), item.entry().name());
        }
    }

    @Test
    void clipsAFileMtimeBeforeTheEpochToZero() throws IOException {
        Files.setLastModifiedTime(base.resolve("src/busybox"), FileTime.from(-5000, TimeUnit.SECONDS));
        List<ArchiveItems> items = ArchiveItems.read(archive("file /a src/busybox 0644 0 0",
                SpecArchiveOptions.defaults(), WriteOptions.defaults()));
        assertEquals(0, items.get(0).entry().mtime());
    }

    @Test
    void numbersInodesFromTheGivenOne() throws IOException {
        List<ArchiveItems> items = ArchiveItems.read(archive(LIST, SpecArchiveOptions.defaults().withFirstInode(1),
                WriteOptions.defaults()));
        assertEquals(List.of(1L, 2L, 3L, 4L, 4L, 4L, 5L, 6L, 7L), items.stream().map(i -> i.entry().inode()).toList());
    }

    @Test
    void givesEveryLinkTheDataInOdc() throws IOException {
        // odc's six octal digits hold no uid above 262143: leave out the socket owned by 4294967295.
        List<ArchiveItems> items = ArchiveItems.read(archive(LIST.replace("sock /run/sock 0700 4294967295 7", ""),
                SpecArchiveOptions.defaults(), WriteOptions.defaults().withFormat(CpioFormat.ODC)));
        for (String name : List.of("bin/busybox", "bin/sh", "sbin/init")) {
            assertEquals(CpioFormat.ODC, ArchiveItems.named(items, name).entry().format());
            assertArrayEquals(BUSYBOX, ArchiveItems.named(items, name).data(), name);
        }
    }

    @Test
    void sumsTheDataInCrcAsGenInitCpioDashC() throws IOException {
        List<ArchiveItems> items = ArchiveItems.read(archive(LIST, SpecArchiveOptions.defaults(),
                WriteOptions.defaults().withFormat(CpioFormat.CRC)));
        long sum = 0;
        for (byte b : BUSYBOX) {
            sum += b & 0xff;
        }
        assertEquals(sum, ArchiveItems.named(items, "sbin/init").entry().checksum());
        assertEquals(0, ArchiveItems.named(items, "bin/sh").entry().checksum());
    }

    @Test
    void removesOnlyOneLeadingSlash() throws IOException {
        List<ArchiveItems> items = ArchiveItems.read(archive("dir //abs 0755 0 0\ndir rel 0755 0 0\ndir /. 0755 0 0",
                SpecArchiveOptions.defaults(), WriteOptions.defaults()));
        assertEquals(List.of("/abs", "rel", "."), ArchiveItems.names(items));
    }

    @Test
    void namesTheLineAndLocationOfAFileThatCannotBeRead() throws IOException {
        IOException e = assertThrows(IOException.class, () -> archive("dir /a 0755 0 0\nfile /a/x missing 0644 0 0",
                SpecArchiveOptions.defaults(), WriteOptions.defaults()));
        assertTrue(e.getMessage().equals("test.list:2: file /a/x: location '" + base.resolve("missing")
                + "' cannot be read: no such file or directory"), e.getMessage());

        e = assertThrows(IOException.class, () -> archive("file /a/x src 0644 0 0",
                SpecArchiveOptions.defaults(), WriteOptions.defaults()));
        assertEquals("test.list:1: file /a/x: location '" + base.resolve("src") + "' is not a regular file",
                e.getMessage());
    }

    @Test
    void streamsLargeFilesFromDisk() throws IOException {
        Path big = base.resolve("big");
        byte[] block = new byte[1 << 20];
        for (int i = 0; i < block.length; i++) {
            block[i] = (byte) (i * 31 + 7);
        }
        try (var out = Files.newOutputStream(big)) {
            for (int i = 0; i < 8; i++) {
                out.write(block);
            }
        }
        List<ArchiveItems> items = ArchiveItems.read(archive("file /big big 0600 0 0",
                SpecArchiveOptions.defaults(), WriteOptions.defaults()));
        assertArrayEquals(Files.readAllBytes(big), items.get(0).data());
    }
}
