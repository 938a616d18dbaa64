package dev.remaster.cpio;

import dev.remaster.io.FormatException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Malformed input, made by changing bytes of good fixtures at offsets computed from their entries:
 * each is a {@link FormatException} that says where, which field and which entry.
 */
class BadInputTest {
    private static final String SOURCE = "bad.cpio";
    private static final ReadOptions OPTIONS = ReadOptions.defaults().withSourceName(SOURCE);

    /** Where each newc field starts in a header. */
    private static int svr4Field(String field) {
        int i = Arrays.asList(HeaderCodec.SVR4_FIELDS).indexOf(field);
        assertTrue(i >= 0, field);
        return 6 + 8 * i;
    }

    private static CpioEntry entry(Fixture fixture, String name) throws IOException {
        return ArchiveContents.read(new ByteArrayInputStream(fixture.bytes())).get(name).entry();
    }

    private static void put(byte[] b, long offset, String ascii) {
        byte[] s = ascii.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(s, 0, b, (int) offset, s.length);
    }

    /** Reads every entry and all its data; the failure it ends with. */
    private static FormatException readFails(byte[] input) {
        return readFails(input, OPTIONS);
    }

    private static FormatException readFails(byte[] input, ReadOptions options) {
        return assertThrows(FormatException.class, readAll(new ByteArrayInputStream(input), options, true));
    }

    private static Executable readAll(InputStream in, ReadOptions options, boolean readData) {
        return () -> {
            try (CpioReader reader = CpioReader.of(in, options)) {
                for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                    if (readData) {
                        reader.data().transferTo(OutputStreamSink.INSTANCE);
                    }
                }
            }
        };
    }

    /** Discards what it is given. */
    private static final class OutputStreamSink extends java.io.OutputStream {
        static final OutputStreamSink INSTANCE = new OutputStreamSink();

        @Override
        public void write(int b) {
        }

        @Override
        public void write(byte[] b, int off, int len) {
        }
    }

    private static void assertError(FormatException e, long offset, String field, String entryName, String detail) {
        assertEquals(SOURCE, e.source(), e.getMessage());
        assertEquals(offset, e.offset(), e.getMessage());
        assertEquals(field, e.field(), e.getMessage());
        assertEquals(entryName, e.entryName(), e.getMessage());
        assertTrue(e.detail().contains(detail), e.getMessage());
        assertTrue(e.getMessage().startsWith(SOURCE + ": at offset " + offset + " (0x"
                + Long.toHexString(offset).toUpperCase() + ")"), e.getMessage());
    }

    // ---- the cases -------------------------------------------------------------------------

    @Test
    void emptyInput() {
        assertError(readFails(new byte[0]), 0, null, null, "empty input");
    }

    @Test
    void truncatedHeader() throws IOException {
        CpioEntry etc = entry(Fixture.GNU_NEWC, "etc");
        byte[] cut = Arrays.copyOf(Fixture.GNU_NEWC.bytes(), (int) etc.headerOffset() + 50);
        assertError(readFails(cut), etc.headerOffset(), null, null,
                "truncated newc header: 110 bytes expected, input ends after 50");
    }

    @Test
    void badMagic() throws IOException {
        byte[] b = Fixture.GNU_NEWC.bytes();
        CpioEntry etc = entry(Fixture.GNU_NEWC, "etc");
        put(b, etc.headerOffset() + 5, "9");
        assertError(readFails(b), etc.headerOffset(), "c_magic", null, "bad magic '070709'");
    }

    @Test
    void nonHexDigitNamesItsField() throws IOException {
        byte[] b = Fixture.GNU_NEWC.bytes();
        CpioEntry motd = entry(Fixture.GNU_NEWC, "etc/motd");
        long at = motd.headerOffset() + svr4Field("c_filesize") + 3;
        put(b, at, "z");
        assertError(readFails(b), at, "c_filesize", null, "not hex: '000z0030'");
    }

    @Test
    void nonHexDigitInEveryField() throws IOException {
        CpioEntry motd = entry(Fixture.GNU_NEWC, "etc/motd");
        for (String field : HeaderCodec.SVR4_FIELDS) {
            byte[] b = Fixture.GNU_NEWC.bytes();
            long at = motd.headerOffset() + svr4Field(field) + 7;
            put(b, at, "-");
            assertError(readFails(b), at, field, null, "not hex");
        }
    }

    @Test
    void nonOctalDigitInOdc() throws IOException {
        byte[] b = Fixture.GNU_ODC.bytes();
        CpioEntry motd = entry(Fixture.GNU_ODC, "etc/motd");
        long at = motd.headerOffset() + 65 + 10;   // c_filesize: 11 octal digits at 65
        put(b, at, "8");
        assertError(readFails(b), at, "c_filesize", null, "not octal: '00000000068'");
        b = Fixture.GNU_ODC.bytes();
        at = motd.headerOffset() + 12;             // c_ino
        put(b, at, "a");
        assertError(readFails(b), at, "c_ino", null, "not octal");
    }

    @Test
    void nameSizeZero() throws IOException {
        byte[] b = Fixture.GNU_NEWC.bytes();
        CpioEntry etc = entry(Fixture.GNU_NEWC, "etc");
        put(b, etc.headerOffset() + svr4Field("c_namesize"), "00000000");
        assertError(readFails(b), etc.headerOffset(), "c_namesize", null, "0: a name needs at least its NUL byte");
    }

    @Test
    void nameSizeBeyondTheInput() throws IOException {
        CpioEntry etc = entry(Fixture.GNU_NEWC, "etc");
        byte[] b = Arrays.copyOf(Fixture.GNU_NEWC.bytes(), (int) etc.headerOffset() + 200);
        put(b, etc.headerOffset() + svr4Field("c_namesize"), "00000400");
        assertError(readFails(b), etc.headerOffset(), "c_namesize", null,
                "name of 1024 bytes runs past the end of the input");
    }

    @Test
    void nameWithoutItsNul() throws IOException {
        byte[] b = Fixture.GNU_NEWC.bytes();
        CpioEntry etc = entry(Fixture.GNU_NEWC, "etc/motd");   // "etc/motd\0": 9
        put(b, etc.headerOffset() + svr4Field("c_namesize"), "00000008");
        assertError(readFails(b), etc.headerOffset(), "c_namesize", "etc/motd", "name is not NUL-terminated");
    }

    @Test
    void dataRunningPastTheEndWhileReadThroughData() throws IOException {
        CpioEntry big = entry(Fixture.GNU_NEWC, "data/big.bin");
        long dataStart = big.headerOffset() + 124;
        byte[] cut = Arrays.copyOf(Fixture.GNU_NEWC.bytes(), (int) dataStart + 1000);
        try (CpioReader reader = CpioReader.of(new ByteArrayInputStream(cut), OPTIONS)) {
            CpioEntry e;
            do {
                e = reader.next();
            } while (!e.name().equals("data/big.bin"));
            InputStream data = reader.data();
            assertEquals(1000, data.readNBytes(1000).length);
            FormatException error = assertThrows(FormatException.class, data::read);
            assertError(error, dataStart + 1000, "c_filesize", "data/big.bin",
                    "truncated data: 301309 bytes expected, input ends after 1000");
        }
    }

    @ParameterizedTest
    @EnumSource(InputKind.class)
    void dataRunningPastTheEndWhileSkippedByNext(InputKind kind) throws IOException {
        CpioEntry big = entry(Fixture.GNU_NEWC, "data/big.bin");
        long dataStart = big.headerOffset() + 124;
        byte[] cut = Arrays.copyOf(Fixture.GNU_NEWC.bytes(), (int) dataStart + 1000);
        FormatException error = assertThrows(FormatException.class, readAll(kind.open(cut), OPTIONS, false));
        assertError(error, dataStart + 1000, "c_filesize", "data/big.bin",
                "truncated data: 301309 bytes expected, input ends after 1000");
    }

    @Test
    void dataPaddingMissing() throws IOException {
        CpioEntry hostname = entry(Fixture.GNU_NEWC, "etc/hostname");   // 9 bytes of data + 3 of padding
        long end = hostname.headerOffset() + 124 + 9 + 1;
        byte[] cut = Arrays.copyOf(Fixture.GNU_NEWC.bytes(), (int) end);
        assertError(readFails(cut), end, null, "etc/hostname", "input ends in the padding after the data");
    }

    @Test
    void crcChecksumMismatch() throws IOException {
        byte[] b = Fixture.GNU_CRC.bytes();
        CpioEntry big = entry(Fixture.GNU_CRC, "data/big.bin");
        b[(int) big.headerOffset() + 124 + 300_000] ^= 0x40;
        String detail = String.format("checksum mismatch: header says 0x%08X, data sums to 0x%08X",
                big.checksum(), (big.checksum() + 0x40) & 0xffffffffL);
        // Read through data() ...
        assertError(readFails(b), big.headerOffset(), "c_check", "data/big.bin", detail);
        // ... and skipped by next().
        FormatException skipped = assertThrows(FormatException.class,
                readAll(new ByteArrayInputStream(b), OPTIONS, false));
        assertError(skipped, big.headerOffset(), "c_check", "data/big.bin", detail);
    }

    @Test
    void inputEndingWithoutATrailer() throws IOException {
        byte[] good = Fixture.GNU_NEWC.bytes();
        ArchiveContents read = ArchiveContents.read(new ByteArrayInputStream(good));
        long trailerAt = read.items().get(read.items().size() - 1).entry().headerOffset();
        byte[] cut = Arrays.copyOf(good, (int) trailerAt);
        assertError(readFails(cut), trailerAt, null, null, "input ends without a TRAILER!!! entry");
    }

    @Test
    void offsetsIncludeTheBaseOffset() throws IOException {
        byte[] b = Fixture.GNU_NEWC.bytes();
        CpioEntry etc = entry(Fixture.GNU_NEWC, "etc");
        put(b, etc.headerOffset(), "x");
        FormatException e = readFails(b, OPTIONS.withBaseOffset(1_000_000));
        assertEquals(1_000_000 + etc.headerOffset(), e.offset());
        assertEquals("c_magic", e.field());
    }

    // ---- huge values on tiny inputs: errors, never OOM, overflow or a hang --------------------

    private static byte[] header(String namesize, String filesize, int mode, String name) {
        String h = "070701" + "00000001" + String.format("%08X", mode) + "00000000" + "00000000" + "00000001"
                + "00000000" + filesize + "00000000" + "00000000" + "00000000" + "00000000" + namesize + "00000000";
        return (h + name + "\0\0\0\0").getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void hugeNameSize() {
        byte[] b = header("FFFFFFFF", "00000000", 0100644, "a");
        assertError(readFails(b), 0, "c_namesize", null, "4294967295 is over the limit of 65536 bytes");
    }

    @Test
    void hugeNameSizeWithTheLimitRaised() {
        for (String size : new String[] {"7FFFFFF0", "7FFFFFFF", "10000000"}) {
            byte[] b = header(size, "00000000", 0100644, "a");
            FormatException e = readFails(b, OPTIONS.withLimits(OPTIONS.limits().withMaxNameSize(Integer.MAX_VALUE)));
            assertEquals("c_namesize", e.field(), e.getMessage());
            assertEquals(0, e.offset(), e.getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(InputKind.class)
    void hugeFileSizeOnATinyInput(InputKind kind) throws IOException {
        byte[] b = header("00000002", "FFFFFFFF", 0100644, "a");
        FormatException skipped = assertThrows(FormatException.class, readAll(kind.open(b), OPTIONS, false));
        // The 3 NULs after the name's are the only data there is.
        assertEquals(115, b.length);
        assertError(skipped, 115, "c_filesize", "a", "truncated data: 4294967295 bytes expected, input ends after 3");
        FormatException read = assertThrows(FormatException.class, readAll(kind.open(b), OPTIONS, true));
        assertError(read, 115, "c_filesize", "a", "truncated data: 4294967295 bytes expected, input ends after 3");
    }

    @Test
    void hugeSymlinkTarget() {
        byte[] b = header("00000002", "FFFFFFFF", 0120777, "a");
        assertError(readFails(b), 0, "c_filesize", "a", "symbolic link target of 4294967295 bytes is over the limit");
    }

    @Test
    void hugeSymlinkTargetWithTheLimitRaised() {
        for (String size : new String[] {"7FFFFFF0", "7FFFFFFF", "10000000"}) {
            byte[] b = header("00000002", size, 0120777, "a");
            FormatException e = readFails(b, OPTIONS.withLimits(OPTIONS.limits().withMaxLinkTargetSize(Integer.MAX_VALUE)));
            assertEquals("c_filesize", e.field(), e.getMessage());
            assertEquals("a", e.entryName());
        }
    }

    @Test
    void emptyName() {
        byte[] b = header("00000001", "00000000", 0100644, "");
        assertError(readFails(b), 0, "c_namesize", null, "empty name");
    }

    @Test
    void onlyNulPadding() {
        FormatException e = readFails(new byte[512]);
        assertEquals(0, e.offset());
        assertEquals("c_magic", e.field());
    }
}
