package dev.remaster.kernel;

import dev.remaster.testing.Peers;

import dev.remaster.compress.Compression;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.tukaani.xz.DeltaOptions;
import org.tukaani.xz.FilterOptions;
import org.tukaani.xz.LZMA2Options;
import org.tukaani.xz.X86Options;
import org.tukaani.xz.XZ;
import org.tukaani.xz.XZOutputStream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import static dev.remaster.kernel.Archives.archive;
import static dev.remaster.kernel.Archives.compress;
import static dev.remaster.kernel.Archives.concat;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KernelLintTest {
    @TempDir
    Path dir;

    private LintReport lint(byte[] image) throws IOException {
        Path f = dir.resolve("image-" + System.nanoTime());
        Files.write(f, image);
        return KernelLint.check(f);
    }

    private static Finding only(LintReport r, LintCode code) {
        List<Finding> found = r.findings(code);
        assertEquals(1, found.size(), () -> code + " expected once in:\n" + listing(r));
        return found.get(0);
    }

    private static void assertNone(LintReport r, LintCode code) {
        assertTrue(r.findings(code).isEmpty(), () -> code + " not expected in:\n" + listing(r));
    }

    private static String listing(LintReport r) {
        StringBuilder sb = new StringBuilder();
        r.findings().forEach(f -> sb.append(f).append('\n'));
        return sb.toString();
    }

    private static byte[] microcodeArchive(String prefix) {
        return archive().dir(prefix + "kernel").dir(prefix + "kernel/x86").dir(prefix + "kernel/x86/microcode")
                .file(prefix + "kernel/x86/microcode/GenuineIntel.bin", "ucode").bytes();
    }

    private static byte[] mainArchive() {
        return archive().dir(".").dir("bin").file("bin/busybox", "#!busybox").symlink("bin/sh", "busybox")
                .dir("usr").dir("usr/lib").symlink("lib", "usr/lib").file("lib/libc.so", "elf")
                .entry(CpioEntry.charDevice("console", 0600, 5, 1), null)
                .file("init", "#!/bin/sh").bytes();
    }

    // ---- clean images ------------------------------------------------------------------------

    @Test
    void wellFormedMultiSegmentImageHasNoErrorsOrWarnings() throws IOException {
        byte[] early = microcodeArchive("");
        byte[] main = compress(Compression.GZIP, mainArchive());
        byte[] update = compress(Compression.ZSTD, archive().dir("bin").file("bin/busybox", "new")
                .file("bin/../init", "#!/bin/sh -x").bytes());
        int pad = (4 - (early.length + main.length) % 4) % 4;
        LintReport r = lint(concat(early, main, new byte[pad], update));
        assertTrue(r.complete());
        assertFalse(r.hasErrors(), () -> listing(r));
        assertEquals(0, r.warnings(), () -> listing(r));
        assertEquals(17, r.entries());
        // The later busybox and init replace the earlier ones; bin is listed again.
        assertEquals(3, r.findings(LintCode.DUPLICATE_PATH).size(), () -> listing(r));
        assertEquals(Severity.INFO, only(r, LintCode.COMPRESSION_SUPPORT).severity());
    }

    @Test
    void debianInstallerInitrdHasNoErrors() throws IOException {
        Path initrd = Peers.assumeInstallerImage();
        LintReport r = KernelLint.check(initrd);
        assertTrue(r.complete());
        assertFalse(r.hasErrors(), () -> listing(r));
        assertTrue(r.entries() > 1000, "entries: " + r.entries());
    }

    // ---- entries the kernel skips --------------------------------------------------------------

    @Test
    void nameOverPathMaxIsSkipped() throws IOException {
        byte[] longest = "d".repeat(4095).getBytes(StandardCharsets.US_ASCII); // 4096 with its NUL: accepted
        byte[] tooLong = "n".repeat(4096).getBytes(StandardCharsets.US_ASCII); // 4097 with its NUL
        byte[] ok = archive().blockSize(0).entry(CpioEntry.builder(longest).mode(0100644).nlink(1).build(), new byte[0])
                .withoutTrailer().bytes();
        // 110 + 4097 = 4207, padded to 4208: one NUL of padding after the name's NUL.
        byte[] bad = Archives.rawHeader(0100644, 4097, concat(tooLong, new byte[2]), 0);
        LintReport r = lint(concat(ok, bad, Archives.trailerOnly()));
        assertTrue(r.complete(), () -> listing(r));
        Finding f = only(r, LintCode.NAME_TOO_LONG);
        assertEquals(Severity.ERROR, f.severity());
        assertEquals(ok.length, f.offset());
        assertEquals(1, r.errors(), () -> listing(r));
    }

    @Test
    void linkTargetOverPathMaxIsSkipped() throws IOException {
        LintReport r = lint(archive().symlink("ok", "x".repeat(4096)).symlink("long", "y".repeat(4097)).bytes());
        assertEquals("long", only(r, LintCode.LINK_TARGET_TOO_LONG).entryName());
        assertEquals(1, r.errors());
    }

    @Test
    void specialFileWithDataIsSkipped() throws IOException {
        CpioEntry fifo = CpioEntry.fifo("pipe", 0644).toBuilder().size(3).build();
        CpioEntry dirWithData = CpioEntry.directory("d", 0755).toBuilder().size(2).build();
        LintReport r = lint(archive().entry(fifo, "abc".getBytes()).entry(dirWithData, "xy".getBytes())
                .file("d/f", "child").bytes());
        assertEquals(2, r.findings(LintCode.DATA_ON_SPECIAL_FILE).size(), () -> listing(r));
        // The directory was skipped, so its child fails too.
        assertEquals("d/f", only(r, LintCode.PARENT_MISSING).entryName());
    }

    @Test
    void unknownTypeIsIgnored() throws IOException {
        LintReport r = lint(archive().entry(CpioEntry.builder("odd").mode(0644).nlink(1).build(), null).bytes());
        assertEquals(Severity.WARNING, only(r, LintCode.UNKNOWN_FILE_TYPE).severity());
    }

    @Test
    void nameWithoutNulIsReportedWithItsOffsetAndStopsTheCheck() throws IOException {
        byte[] first = archive().blockSize(0).file("a", "x").withoutTrailer().bytes();
        byte[] bad = Archives.rawHeader(0100644, 4, "abcd".getBytes(StandardCharsets.US_ASCII), 0);
        LintReport r = lint(concat(first, bad, Archives.trailerOnly()));
        Finding f = only(r, LintCode.NAME_WITHOUT_NUL);
        assertEquals(Severity.ERROR, f.severity());
        assertEquals(first.length, f.offset());
        assertFalse(r.complete());
        assertEquals(f, r.findings().get(r.findings().size() - 1));
    }

    // ---- parents -------------------------------------------------------------------------------

    @Test
    void childBeforeItsParentFails() throws IOException {
        LintReport r = lint(archive().file("etc/passwd", "root").dir("etc").file("etc/group", "root").bytes());
        Finding f = only(r, LintCode.PARENT_MISSING);
        assertEquals("etc/passwd", f.entryName());
        assertTrue(f.message().contains("'etc'"), f.message());
    }

    @Test
    void parentsFromEarlierSegmentsAndThroughSymlinksCount() throws IOException {
        byte[] first = compress(Compression.GZIP, archive().dir("usr").dir("usr/lib").symlink("lib", "usr/lib")
                .symlink("abs", "/usr").bytes());
        byte[] second = compress(Compression.XZ, archive().file("usr/lib/a", "1").file("lib/b", "2")
                .file("abs/lib/c", "3").file("./usr//lib/./d", "4").bytes());
        LintReport r = lint(concat(first, second));
        assertFalse(r.hasErrors(), () -> listing(r));
    }

    @Test
    void pathThroughAFileFails() throws IOException {
        LintReport r = lint(archive().file("f", "x").file("f/g", "y").symlink("loop", "loop").file("loop/z", "")
                .symlink("dangling", "nowhere").file("dangling/z", "").bytes());
        assertEquals("f/g", only(r, LintCode.PARENT_NOT_DIRECTORY).entryName());
        assertEquals(2, r.findings(LintCode.PARENT_MISSING).size(), () -> listing(r));
    }

    @Test
    void nonDirectoryNamedLikeTheRootCannotBeCreated() throws IOException {
        LintReport r = lint(archive().dir(".").file("./", "x").bytes());
        assertEquals(Severity.ERROR, only(r, LintCode.CANNOT_CREATE).severity());
    }

    // ---- layout and padding --------------------------------------------------------------------

    @Test
    void plainArchiveAtAnUnalignedOffsetAfterACompressedOne() throws IOException {
        byte[] gz = compress(Compression.GZIP, mainArchive());
        int pad = gz.length % 4 == 1 ? 0 : (5 - gz.length % 4) % 4; // end up at 1 mod 4
        byte[] image = concat(gz, new byte[pad], archive().file("late", "x").bytes());
        assertEquals(1, (gz.length + pad) % 4);
        LintReport r = lint(image);
        Finding f = only(r, LintCode.PLAIN_ARCHIVE_UNALIGNED);
        assertEquals(gz.length + pad, f.offset());
        // The same archive at an aligned offset is fine.
        int aligned = (4 - gz.length % 4) % 4;
        assertFalse(lint(concat(gz, new byte[aligned], archive().file("late", "x").bytes())).hasErrors());
    }

    @Test
    void dataAfterATrailerAtAnUnalignedOffsetIsBrokenPadding() throws IOException {
        byte[] plain = archive().blockSize(0).file("a", "x").bytes();
        byte[] gz = compress(Compression.GZIP, archive().file("b", "y").bytes());
        LintReport r = lint(concat(plain, new byte[2], gz));
        assertEquals(plain.length + 2, only(r, LintCode.BROKEN_PADDING).offset());
        assertFalse(lint(concat(plain, new byte[4], gz)).hasErrors());
    }

    @Test
    void archivesInsideACompressedMemberMustStayAligned() throws IOException {
        byte[] a = archive().blockSize(0).file("a", "x").bytes();
        byte[] b = archive().blockSize(0).file("b", "y").bytes();
        LintReport r = lint(compress(Compression.GZIP, concat(a, new byte[2], b)));
        assertEquals(Severity.ERROR, only(r, LintCode.BROKEN_PADDING).severity());
        assertFalse(lint(compress(Compression.GZIP, concat(a, new byte[8], b))).hasErrors());
    }

    @Test
    void missingTrailerAtTheEndIsInfo() throws IOException {
        LintReport r = lint(archive().dir("d").file("d/f", "x").withoutTrailer().bytes());
        Finding f = only(r, LintCode.MISSING_TRAILER);
        assertEquals(Severity.INFO, f.severity());
        assertTrue(r.complete());
        assertFalse(r.hasErrors());
        assertEquals(2, r.entries());
        assertTrue(r.findings().stream().noneMatch(x -> x.code() == LintCode.EMPTY_IMAGE),
                "entries were read: the image is not empty");
    }

    @Test
    void unknownBytesStopTheCheck() throws IOException {
        byte[] a = archive().file("a", "x").bytes();
        LintReport r = lint(concat(a, "JUNKJUNK".getBytes(StandardCharsets.US_ASCII)));
        assertEquals(a.length, only(r, LintCode.UNKNOWN_DATA).offset());
        assertFalse(r.complete());
        LintReport lz4Frame = lint(concat(a, new byte[] {0x04, 0x22, 0x4D, 0x18, 0, 0, 0, 0}));
        assertTrue(only(lz4Frame, LintCode.UNKNOWN_DATA).message().contains("lz4 -l"));
    }

    @Test
    void emptyImage() throws IOException {
        assertEquals(Severity.WARNING, only(lint(new byte[0]), LintCode.EMPTY_IMAGE).severity());
        assertEquals(Severity.WARNING, only(lint(new byte[64]), LintCode.EMPTY_IMAGE).severity());
    }

    // ---- cpio formats ----------------------------------------------------------------------------

    @Test
    void odcIsRejected() throws IOException {
        LintReport r = lint(archive().format(CpioFormat.ODC).file("a", "x").file("b", "y").bytes());
        Finding f = only(r, LintCode.FORMAT_REJECTED);
        assertEquals(Severity.ERROR, f.severity());
        assertTrue(f.message().contains("-H newc"), f.message());
    }

    @Test
    void oldBinaryIsRejected() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        binaryEntry(out, "a", 0100644, "hi");
        binaryEntry(out, "TRAILER!!!", 0, "");
        LintReport r = lint(out.toByteArray());
        assertEquals(0, only(r, LintCode.FORMAT_REJECTED).offset());
    }

    /** An old binary (little-endian) cpio entry: 13 16-bit words, name and data padded to 2. */
    private static void binaryEntry(ByteArrayOutputStream out, String name, int mode, String data) {
        byte[] n = (name + "\0").getBytes(StandardCharsets.US_ASCII);
        int[] words = {070707, 0, 1, mode, 0, 0, 1, 0, 0, 0, n.length, 0, data.length()};
        for (int w : words) {
            out.write(w & 0xFF);
            out.write(w >>> 8);
        }
        out.writeBytes(n);
        if (n.length % 2 != 0) {
            out.write(0);
        }
        out.writeBytes(data.getBytes(StandardCharsets.US_ASCII));
        if (data.length() % 2 != 0) {
            out.write(0);
        }
    }

    @Test
    void crcIsAWarning() throws IOException {
        LintReport r = lint(archive().format(CpioFormat.CRC).file("a", "x").file("b", "y").bytes());
        assertEquals(Severity.WARNING, only(r, LintCode.CRC_FORMAT).severity());
        assertFalse(r.hasErrors());
    }

    @Test
    void crcSumMismatchIsAnError() throws IOException {
        byte[] a = archive().format(CpioFormat.CRC).file("a", "hello").bytes();
        int at = new String(a, StandardCharsets.ISO_8859_1).indexOf("hello");
        a[at] = 'j';
        LintReport r = lint(a);
        assertEquals("a", only(r, LintCode.CHECKSUM_MISMATCH).entryName());
        assertFalse(r.complete());
    }

    // ---- compressed members ----------------------------------------------------------------------

    @Test
    void compressionsSomeKernelsLack() throws IOException {
        // Notes, not warnings: distribution kernels enable every CONFIG_RD_* option.
        assertEquals(Severity.INFO, only(lint(compress(Compression.LZO, mainArchive())),
                LintCode.COMPRESSION_SUPPORT).severity());
        assertTrue(only(lint(compress(Compression.LZ4_LEGACY, mainArchive())), LintCode.COMPRESSION_SUPPORT)
                .message().contains("CONFIG_RD_LZ4"));
        assertEquals(Severity.INFO, only(lint(compress(Compression.XZ, mainArchive())),
                LintCode.COMPRESSION_SUPPORT).severity());
        assertNone(lint(compress(Compression.GZIP, mainArchive())), LintCode.COMPRESSION_SUPPORT);
    }

    @ParameterizedTest
    @ValueSource(ints = {0x02, 0x04, 0x10})
    void gzipHeaderFieldsTheKernelDoesNotSkip(int flag) throws IOException {
        LintReport r = lint(gzipWithFlags(mainArchive(), flag));
        assertEquals(Severity.ERROR, only(r, LintCode.GZIP_HEADER_FLAGS).severity());
        assertTrue(r.complete(), () -> listing(r));
    }

    @Test
    void gzipFileNameIsFine() throws IOException {
        LintReport r = lint(gzipWithFlags(mainArchive(), 0x08));
        assertFalse(r.hasErrors(), () -> listing(r));
    }

    @Test
    void gzipOldMagicIsRejected() throws IOException {
        byte[] gz = compress(Compression.GZIP, mainArchive());
        gz[1] = (byte) 0x9E;
        assertEquals(0, only(lint(gz), LintCode.GZIP_OLD_MAGIC).offset());
    }

    /** A gzip member whose header has {@code flag}'s optional field (RFC 1952), written by hand. */
    private static byte[] gzipWithFlags(byte[] data, int flag) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = {0x1f, (byte) 0x8b, 8, (byte) flag, 0, 0, 0, 0, 0, 3};
        out.writeBytes(header);
        CRC32 headerCrc = new CRC32();
        headerCrc.update(header);
        byte[] field = switch (flag) {
            case 0x04 -> new byte[] {4, 0, 'A', 'B', 0, 0};
            case 0x08 -> "initrd.cpio\0".getBytes(StandardCharsets.US_ASCII);
            case 0x10 -> "a comment\0".getBytes(StandardCharsets.US_ASCII);
            default -> new byte[0];
        };
        out.writeBytes(field);
        headerCrc.update(field);
        if (flag == 0x02) {
            int c = (int) headerCrc.getValue();
            out.write(c & 0xFF);
            out.write((c >>> 8) & 0xFF);
        }
        Deflater d = new Deflater(6, true);
        d.setInput(data);
        d.finish();
        byte[] buf = new byte[data.length + 1024];
        int n = d.deflate(buf);
        d.end();
        out.write(buf, 0, n);
        CRC32 crc = new CRC32();
        crc.update(data);
        for (long v : new long[] {crc.getValue(), data.length}) {
            for (int i = 0; i < 4; i++) {
                out.write((int) (v >>> (8 * i)) & 0xFF);
            }
        }
        return out.toByteArray();
    }

    @ParameterizedTest
    @ValueSource(ints = {XZ.CHECK_SHA256, XZ.CHECK_CRC64})
    void xzCheckOtherThanCrc32IsRejected(int check) throws IOException {
        LintReport r = lint(xz(mainArchive(), check, new LZMA2Options()));
        assertEquals(Severity.ERROR, only(r, LintCode.XZ_CHECK).severity());
        assertTrue(r.complete());
    }

    @Test
    void xzWithoutCheckIsFine() throws IOException {
        assertFalse(lint(xz(mainArchive(), XZ.CHECK_NONE, new LZMA2Options())).hasErrors());
    }

    @Test
    void xzDeltaFilterIsRejectedAndBcjIsInfo() throws IOException {
        LintReport delta = lint(xz(mainArchive(), XZ.CHECK_CRC32, new DeltaOptions(4), new LZMA2Options()));
        assertEquals(Severity.ERROR, only(delta, LintCode.XZ_FILTER).severity());
        LintReport bcj = lint(xz(mainArchive(), XZ.CHECK_CRC32, new X86Options(), new LZMA2Options()));
        assertEquals(Severity.INFO, only(bcj, LintCode.XZ_FILTER).severity());
        assertFalse(bcj.hasErrors());
    }

    private static byte[] xz(byte[] data, int check, FilterOptions... filters) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (XZOutputStream x = new XZOutputStream(out, filters, check)) {
            x.write(data);
        }
        return out.toByteArray();
    }

    @Test
    void largeXzDictionaryIsAWarning() throws IOException {
        LZMA2Options small = new LZMA2Options();
        small.setDictSize(1 << 20);
        byte[] x = xz(mainArchive(), XZ.CHECK_CRC32, small);
        assertNone(lint(x), LintCode.LARGE_DICTIONARY);
        // Declare a 16 MiB dictionary in the block header (and fix its CRC32): the data decodes the same.
        int headerSize = ((x[12] & 0xFF) + 1) * 4;
        int props = -1;
        for (int i = 14; i < 12 + headerSize - 4; i++) {
            if (x[i] == 0x21 && x[i + 1] == 0x01) {
                props = i + 2;
                break;
            }
        }
        assertTrue(props > 0, "LZMA2 filter flags not found");
        x[props] = 24; // (2 | 0) << (24 / 2 + 11) = 16 MiB
        CRC32 crc = new CRC32();
        crc.update(x, 12, headerSize - 4);
        for (int i = 0; i < 4; i++) {
            x[12 + headerSize - 4 + i] = (byte) (crc.getValue() >>> (8 * i));
        }
        LintReport r = lint(x);
        assertTrue(r.complete(), () -> listing(r));
        assertTrue(only(r, LintCode.LARGE_DICTIONARY).message().contains("16 MiB"));
    }

    @Test
    void largeLzmaDictionaryIsAWarning() throws IOException {
        byte[] lzma = compress(Compression.LZMA, mainArchive());
        assertNone(lint(lzma), LintCode.LARGE_DICTIONARY);
        lzma[1] = 0;
        lzma[2] = 0;
        lzma[3] = 0;
        lzma[4] = 0x01; // 16 MiB
        LintReport r = lint(lzma);
        assertTrue(r.complete(), () -> listing(r));
        assertEquals(Severity.WARNING, only(r, LintCode.LARGE_DICTIONARY).severity());
    }

    @Test
    void zstdWindowAndDictionary() throws IOException {
        byte[] z = compress(Compression.ZSTD, mainArchive());
        assertNone(lint(z), LintCode.LARGE_DICTIONARY);
        assertNone(lint(zstdFrame(z, 10 << 3, -1)), LintCode.LARGE_DICTIONARY); // a 1 MiB window
        // Window log 24: 16 MiB. (aircompressor's decoder refuses windows over 8 MiB, so the check
        // stops with a decoding error after the header was checked.)
        LintReport wide = lint(zstdFrame(z, 14 << 3, -1));
        assertTrue(only(wide, LintCode.LARGE_DICTIONARY).message().contains("16 MiB"));
        LintReport huge = lint(zstdFrame(z, 18 << 3, -1)); // 256 MiB
        assertTrue(only(huge, LintCode.LARGE_DICTIONARY).message().contains("before 5.16"), () -> listing(huge));

        LintReport d = lint(zstdFrame(z, 10 << 3, 7));
        assertEquals(Severity.ERROR, only(d, LintCode.ZSTD_DICTIONARY).severity());
    }

    /**
     * The frame {@code z} (whose header has no window descriptor: single segment) rewritten with
     * the window descriptor {@code wd} and, when {@code dictId >= 0}, a one-byte dictionary ID.
     */
    private static byte[] zstdFrame(byte[] z, int wd, int dictId) {
        int descriptor = z[4] & 0xFF;
        assertTrue((descriptor & 0x20) != 0 && (descriptor & 0x03) == 0, "a single-segment frame without dictionary");
        int rewritten = descriptor & ~0x20 | (dictId >= 0 ? 0x01 : 0);
        byte[] head = dictId >= 0 ? new byte[] {(byte) rewritten, (byte) wd, (byte) dictId}
                : new byte[] {(byte) rewritten, (byte) wd};
        return concat(Arrays.copyOf(z, 4), head, Arrays.copyOfRange(z, 5, z.length));
    }

    @Test
    void lzopChecksumsTheKernelDoesNotSkip() throws IOException {
        byte[] data = mainArchive();
        assertFalse(lint(lzop(data, 0x0001, data.length)).hasErrors(), "one Adler-32 is what the kernel expects");
        assertEquals(Severity.ERROR, only(lint(lzop(data, 0, data.length)), LintCode.LZOP_UNSUPPORTED).severity());
        LintReport two = lint(lzop(data, 0x0001 | 0x0100, data.length));
        assertTrue(only(two, LintCode.LZOP_UNSUPPORTED).message().contains("2 checksums"));
    }

    @Test
    void lzopBlocksOverTheKernelsBlockSize() throws IOException {
        byte[] big = archive().file("big", "z".repeat(300_000)).bytes();
        LintReport r = lint(lzop(big, 0x0001, big.length));
        assertTrue(only(r, LintCode.LZOP_UNSUPPORTED).message().contains("256 KiB"));
    }

    /** An lzop file of stored blocks of {@code blockSize} bytes with the checksum flags {@code flags}. */
    private static byte[] lzop(byte[] data, int flags, int blockSize) {
        ByteArrayOutputStream h = new ByteArrayOutputStream();
        putBE(h, 0x1040, 2);
        putBE(h, 0x20A0, 2);
        putBE(h, 0x0940, 2);
        h.write(1); // LZO1X-1
        h.write(3);
        putBE(h, flags | 0x03000000, 4);
        putBE(h, 0100644, 4);
        putBE(h, 0, 4);
        putBE(h, 0, 4);
        h.write(0);
        java.util.zip.Adler32 adler = new java.util.zip.Adler32();
        adler.update(h.toByteArray());
        putBE(h, adler.getValue(), 4);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {(byte) 0x89, 'L', 'Z', 'O', 0, 0x0D, 0x0A, 0x1A, 0x0A});
        out.writeBytes(h.toByteArray());
        for (int at = 0; at < data.length; at += blockSize) {
            int n = Math.min(blockSize, data.length - at);
            putBE(out, n, 4);
            putBE(out, n, 4);
            if ((flags & 0x0001) != 0) {
                java.util.zip.Adler32 a = new java.util.zip.Adler32();
                a.update(data, at, n);
                putBE(out, a.getValue(), 4);
            }
            if ((flags & 0x0100) != 0) {
                CRC32 c = new CRC32();
                c.update(data, at, n);
                putBE(out, c.getValue(), 4);
            }
            out.write(data, at, n);
        }
        putBE(out, 0, 4);
        return out.toByteArray();
    }

    private static void putBE(ByteArrayOutputStream out, long v, int n) {
        for (int i = n - 1; i >= 0; i--) {
            out.write((int) (v >>> (8 * i)) & 0xFF);
        }
    }

    @Test
    void lz4FrameFollowedDirectlyByOtherData() throws IOException {
        byte[] lz4 = compress(Compression.LZ4_LEGACY, mainArchive());
        byte[] gz = compress(Compression.GZIP, archive().file("x", "y").bytes());
        LintReport r = lint(concat(lz4, gz));
        assertEquals(lz4.length, only(r, LintCode.LZ4_NOT_TERMINATED).offset());
        assertNone(lint(concat(lz4, new byte[4], gz)), LintCode.LZ4_NOT_TERMINATED);
    }

    @Test
    void membersThatSplitAnArchive() throws IOException {
        byte[] a = mainArchive();
        for (Compression c : List.of(Compression.GZIP, Compression.ZSTD)) {
            byte[] split = concat(compress(c, Arrays.copyOf(a, 300)), compress(c, Arrays.copyOfRange(a, 300, a.length)));
            LintReport r = lint(split);
            assertEquals(Severity.ERROR, only(r, LintCode.MEMBER_SPLITS_ARCHIVE).severity(), c.toString());
        }
        // The kernel's unlz4 reads on through the next frame's magic: splitting is harmless there.
        byte[] lz4 = concat(compress(Compression.LZ4_LEGACY, Arrays.copyOf(a, 300)),
                compress(Compression.LZ4_LEGACY, Arrays.copyOfRange(a, 300, a.length)));
        assertNone(lint(lz4), LintCode.MEMBER_SPLITS_ARCHIVE);
    }

    @Test
    void junkAfterTheTrailerInsideACompressedMember() throws IOException {
        byte[] a = archive().file("a", "x").bytes();
        LintReport r = lint(compress(Compression.GZIP, concat(a, "junk".getBytes(StandardCharsets.US_ASCII))));
        assertEquals(Severity.ERROR, only(r, LintCode.JUNK_IN_COMPRESSED_ARCHIVE).severity());
        assertFalse(r.complete());
    }

    @Test
    void compressedArchiveWithoutATrailer() throws IOException {
        LintReport r = lint(compress(Compression.XZ, archive().file("a", "x").withoutTrailer().bytes()));
        assertEquals(Severity.ERROR, only(r, LintCode.COMPRESSED_ARCHIVE_UNTERMINATED).severity());
    }

    @Test
    void corruptCompressedData() throws IOException {
        byte[] gz = compress(Compression.GZIP, archive().file("a", "some text ".repeat(500)).bytes());
        // A wrong CRC-32 in the trailer: the data inflates, and only the check finds the damage.
        gz[gz.length - 8] ^= 0x5A;
        LintReport r = lint(gz);
        assertEquals(Severity.ERROR, only(r, LintCode.CORRUPT_COMPRESSED_DATA).severity());
    }

    // ---- hard links ------------------------------------------------------------------------------

    private static CpioEntry link(String name, long ino, long size) {
        return CpioEntry.file(name, 0644, size).toBuilder().inode(ino).nlink(2).build();
    }

    @Test
    void hardLinkGroupWithinOneArchiveIsFine() throws IOException {
        LintReport r = lint(archive().entry(link("a", 9, 0), null).entry(link("b", 9, 4), "data".getBytes()).bytes());
        assertTrue(r.findings().isEmpty(), () -> listing(r));
    }

    @Test
    void hardLinkGroupSplitByATrailer() throws IOException {
        byte[] first = archive().entry(link("a", 9, 0), null).bytes();
        byte[] second = archive().entry(link("b", 9, 4), "data".getBytes()).bytes();
        LintReport r = lint(concat(first, second));
        Finding f = only(r, LintCode.HARDLINK_SPLIT);
        assertEquals("a", f.entryName());
        assertEquals(0, f.segment());
        // Data first, the empty link later: the later one is the empty file.
        LintReport reverse = lint(concat(archive().entry(link("b", 9, 4), "data".getBytes()).bytes(),
                compress(Compression.GZIP, archive().entry(link("a", 9, 0), null).bytes())));
        assertEquals("a", only(reverse, LintCode.HARDLINK_SPLIT).entryName());
        assertEquals(1, only(reverse, LintCode.HARDLINK_SPLIT).segment());
    }

    @Test
    void symlinksAndNodesAreLinkedByTheKernelsRule() throws IOException {
        CpioEntry s = CpioEntry.symlink("s1", "t").toBuilder().inode(9).nlink(2).build();
        CpioEntry c = CpioEntry.charDevice("c1", 0600, 1, 3).toBuilder().inode(9).nlink(2).build();
        LintReport r = lint(archive().entry(s, "t".getBytes()).entry(s.toBuilder().name("s2").build(), "t".getBytes())
                .entry(c, null).entry(c.toBuilder().name("c2").build(), null).bytes());
        assertTrue(r.findings().isEmpty(), () -> listing(r));
        // A lone node with a link count of 2 has no data to miss.
        LintReport lone = lint(archive().entry(c, null).bytes());
        assertTrue(lone.findings().isEmpty(), () -> listing(lone));
    }

    @Test
    void hardLinkGroupWithoutData() throws IOException {
        LintReport r = lint(archive().entry(link("a", 9, 0), null).bytes());
        assertEquals(Severity.INFO, only(r, LintCode.HARDLINK_NO_DATA).severity());
    }

    @Test
    void hardLinkToAFirstLinkThatFailed() throws IOException {
        LintReport r = lint(archive().entry(link("missing/a", 9, 0), null).entry(link("b", 9, 4), "data".getBytes())
                .bytes());
        only(r, LintCode.PARENT_MISSING);
        assertEquals("b", only(r, LintCode.HARDLINK_TARGET_MISSING).entryName());
    }

    // ---- duplicates ------------------------------------------------------------------------------

    @Test
    void duplicatesSayWhichWins() throws IOException {
        byte[] first = archive().file("f", "1").dir("d").file("d/x", "").dir("e").symlink("s", "a")
                .entry(CpioEntry.charDevice("n", 0600, 1, 3), null).file("t", "file").bytes();
        byte[] second = compress(Compression.GZIP, archive().file("f", "2").file("d", "file over dir")
                .file("e", "file over empty dir").symlink("s", "b")
                .entry(CpioEntry.charDevice("n", 0600, 1, 5), null).dir("t").bytes());
        LintReport r = lint(concat(first, second));
        assertEquals("d", only(r, LintCode.REPLACE_NONEMPTY_DIRECTORY).entryName());
        assertEquals(List.of("e", "t"), r.findings(LintCode.DUPLICATE_TYPE_CHANGED).stream().map(Finding::entryName).toList());
        assertEquals(List.of("f", "s"), r.findings(LintCode.DUPLICATE_PATH).stream().map(Finding::entryName).toList());
        assertTrue(only(r, LintCode.DUPLICATE_NODE_KEPT).message().contains("keeps device 1:3"));
    }

    // ---- early loaders ---------------------------------------------------------------------------

    @Test
    void microcodeMustBeInTheFirstUncompressedSegment() throws IOException {
        byte[] main = compress(Compression.GZIP, mainArchive());
        assertFalse(lint(concat(microcodeArchive(""), main)).hasErrors());
        LintReport compressed = lint(compress(Compression.GZIP, concat(microcodeArchive(""), mainArchive())));
        assertEquals(Severity.ERROR, only(compressed, LintCode.EARLY_FILE_NOT_FIRST).severity());
        int pad = (4 - main.length % 4) % 4;
        LintReport late = lint(concat(main, new byte[pad], microcodeArchive("")));
        assertEquals(late.segments().size() - 1, only(late, LintCode.EARLY_FILE_NOT_FIRST).segment());
        assertEquals(Severity.ERROR, only(lint(concat(microcodeArchive("./"), main)), LintCode.EARLY_FILE_NAME).severity());
    }
}
