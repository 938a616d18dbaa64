package dev.remaster.cpio;

import dev.remaster.io.FormatException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class HeaderCodecTest {
    private static final HeaderCodec.ErrorSite SITE =
            (index, field, detail) -> new CpioFormatException(null, index, field, null, detail);

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    // ---- detection -----------------------------------------------------------------------------

    @Test
    void detectsEveryMagic() {
        assertEquals(CpioFormat.NEWC, HeaderCodec.detect(ascii("070701"), 0, 6));
        assertEquals(CpioFormat.CRC, HeaderCodec.detect(ascii("070702"), 0, 6));
        assertEquals(CpioFormat.ODC, HeaderCodec.detect(ascii("070707"), 0, 6));
        assertEquals(CpioFormat.BINARY_LE, HeaderCodec.detect(new byte[] {(byte) 0xc7, 0x71}, 0, 2));
        assertEquals(CpioFormat.BINARY_BE, HeaderCodec.detect(new byte[] {0x71, (byte) 0xc7}, 0, 2));
        assertEquals(CpioFormat.NEWC, HeaderCodec.detect(ascii("xx070701"), 2, 6));
        for (CpioFormat f : CpioFormat.values()) {
            assertEquals(f, HeaderCodec.detect(ascii(f.magic()), 0, f.magic().length()), f.name());
        }
    }

    @Test
    void refusesWhatIsNotAMagic() {
        assertNull(HeaderCodec.detect(ascii("070703"), 0, 6));
        assertNull(HeaderCodec.detect(ascii("070700"), 0, 6));
        assertNull(HeaderCodec.detect(ascii("07070"), 0, 5), "too short");
        assertNull(HeaderCodec.detect(ascii("\0\0\0\0\0\0"), 0, 6));
        assertNull(HeaderCodec.detect(new byte[] {0x1f, (byte) 0x8b, 8, 0, 0, 0}, 0, 6), "gzip");
        assertNull(HeaderCodec.detect(new byte[] {(byte) 0xc7}, 0, 1));
    }

    // ---- decoding ------------------------------------------------------------------------------

    @Test
    void decodesNewcInEitherCase() throws FormatException {
        String header = "070701" + "0000ABcd" + "000081a4" + "000003E8" + "00000032" + "00000003"
                + "65937D25" + "00049AFD" + "000000fe" + "00000001" + "00000008" + "00000010"
                + "0000000B" + "FFFFFFFF";
        HeaderCodec.Fields f = HeaderCodec.decode(CpioFormat.NEWC, ascii(header), 0, SITE);
        assertEquals(0xABCD, f.inode);
        assertEquals(0100644, f.mode);
        assertEquals(1000, f.uid);
        assertEquals(50, f.gid);
        assertEquals(3, f.nlink);
        assertEquals(0x65937D25L, f.mtime);
        assertEquals(0x49AFD, f.size);
        assertEquals(254, f.devMajor);
        assertEquals(1, f.devMinor);
        assertEquals(8, f.rdevMajor);
        assertEquals(16, f.rdevMinor);
        assertEquals(11, f.nameSize);
        assertEquals(0xFFFFFFFFL, f.checksum, "32 bits, unsigned");
    }

    @Test
    void decodesOdcWithDeviceNumbersSplit() throws FormatException {
        String header = "070707" + "177000" + "000042" + "020666" + "001750" + "000062" + "000001"
                + "000403" + "14544676445" + "000011" + "00000000000";
        HeaderCodec.Fields f = HeaderCodec.decode(CpioFormat.ODC, ascii(header), 0, SITE);
        assertEquals(0376, f.devMajor);    // 0177000 = 0xFE00
        assertEquals(0, f.devMinor);
        assertEquals(042, f.inode);
        assertEquals(020666, f.mode);
        assertEquals(1000, f.uid);
        assertEquals(50, f.gid);
        assertEquals(1, f.nlink);
        assertEquals(1, f.rdevMajor);      // 0403 = 0x103
        assertEquals(3, f.rdevMinor);
        assertEquals(0x65937D25L, f.mtime);
        assertEquals(9, f.nameSize);
        assertEquals(0, f.size);
    }

    private static byte[] binaryHeader(boolean littleEndian, int... words) {
        byte[] b = new byte[26];
        for (int i = 0; i < 13; i++) {
            int lo = words[i] & 0xff;
            int hi = (words[i] >>> 8) & 0xff;
            b[2 * i] = (byte) (littleEndian ? lo : hi);
            b[2 * i + 1] = (byte) (littleEndian ? hi : lo);
        }
        return b;
    }

    @ParameterizedTest
    @EnumSource(value = CpioFormat.class, names = {"BINARY_LE", "BINARY_BE"})
    void decodesOldBinaryWithLongValuesMostSignificantHalfFirst(CpioFormat format) throws FormatException {
        int[] words = {070707, 0xFE01, 1234, 0100755, 65534, 50, 2, 0x0803, 0x6593, 0x7D25, 9, 0x0004, 0x98FD};
        byte[] b = binaryHeader(format == CpioFormat.BINARY_LE, words);
        assertEquals(format, HeaderCodec.detect(b, 0, 26));
        HeaderCodec.Fields f = HeaderCodec.decode(format, b, 0, SITE);
        assertEquals(0xFE, f.devMajor);
        assertEquals(1, f.devMinor);
        assertEquals(1234, f.inode);
        assertEquals(0100755, f.mode);
        assertEquals(65534, f.uid);
        assertEquals(50, f.gid);
        assertEquals(2, f.nlink);
        assertEquals(8, f.rdevMajor);
        assertEquals(3, f.rdevMinor);
        assertEquals(0x65937D25L, f.mtime);
        assertEquals(9, f.nameSize);
        assertEquals(0x498FD, f.size);
    }

    @Test
    void decodeErrorsPointAtTheBadDigit() {
        byte[] newc = ascii("070701" + "0".repeat(8 * 13));
        newc[6 + 8 * 6 + 2] = 'g';
        FormatException e = assertThrows(FormatException.class,
                () -> HeaderCodec.decode(CpioFormat.NEWC, newc, 0, SITE));
        assertEquals(6 + 8 * 6 + 2, e.offset());
        assertEquals("c_filesize", e.field());
        assertEquals("not hex: '00g00000'", e.detail());

        byte[] odc = ascii("xx070707" + "0".repeat(70));
        odc[2 + 48 + 10] = '9';
        e = assertThrows(FormatException.class, () -> HeaderCodec.decode(CpioFormat.ODC, odc, 2, SITE));
        assertEquals(2 + 48 + 10, e.offset());
        assertEquals("c_mtime", e.field());
        assertEquals("not octal: '00000000009'", e.detail());
    }

    @Test
    void printableEscapesWhatIsNotPlainAscii() {
        assertEquals("ab\\x00\\x27\\x5c\\xff", HeaderCodec.printable(new byte[] {'a', 'b', 0, '\'', '\\', (byte) 0xff}, 0, 6));
    }

    // ---- encoding ------------------------------------------------------------------------------

    @Test
    void encodesNewcAsGnuCpioDoes() {
        CpioEntry e = CpioEntry.builder("etc/motd").mode(0100644).uid(1000).gid(50).nlink(1)
                .mtime(0x65937D25L).size(48).dev(254, 0).build();
        byte[] h = HeaderCodec.encode(e, CpioFormat.NEWC, 0xABCDEF, 0, 48);
        assertEquals("070701" + "00ABCDEF" + "000081A4" + "000003E8" + "00000032" + "00000001" + "65937D25"
                + "00000030" + "000000FE" + "00000000" + "00000000" + "00000000" + "00000009" + "00000000"
                + "etc/motd\0" + "\0", new String(h, StandardCharsets.ISO_8859_1));
        assertEquals(0, h.length % 4);
        byte[] crc = HeaderCodec.encode(e, CpioFormat.CRC, 1, 0x1234, 48);
        assertEquals("070702", new String(crc, 0, 6, StandardCharsets.US_ASCII));
        assertEquals("00001234", new String(crc, 102, 8, StandardCharsets.US_ASCII));
    }

    @Test
    void encodesOdc() {
        CpioEntry e = CpioEntry.charDevice("dev/null", 0666, 1, 3).toBuilder().uid(1000).gid(50)
                .mtime(0x65937D25L).dev(254, 0).build();
        byte[] h = HeaderCodec.encode(e, CpioFormat.ODC, 042, 0, 0);
        assertEquals("070707" + "177000" + "000042" + "020666" + "001750" + "000062" + "000001"
                + "000403" + "14544676445" + "000011" + "00000000000" + "dev/null\0",
                new String(h, StandardCharsets.ISO_8859_1));
    }

    @ParameterizedTest
    @EnumSource(value = CpioFormat.class, names = {"NEWC", "CRC", "ODC"})
    void encodeThenDecodeGivesTheValuesBack(CpioFormat format) throws FormatException {
        Random random = new Random(format.ordinal());
        boolean odc = format == CpioFormat.ODC;
        long small = odc ? 0777777 : 0xFFFFFFFFL;
        for (int i = 0; i < 2000; i++) {
            long size = bounded(random, odc ? 077777777777L : 0xFFFFFFFFL);
            CpioEntry e = CpioEntry.builder("n" + i).mode(random.nextInt(0177777 + 1))
                    .uid(bounded(random, small)).gid(bounded(random, small)).nlink(bounded(random, small))
                    .mtime(bounded(random, odc ? 077777777777L : 0xFFFFFFFFL))
                    .dev(bounded(random, odc ? 0xff : small), bounded(random, odc ? 0xff : small))
                    .rdevMajor(bounded(random, odc ? 0xff : small)).rdevMinor(bounded(random, odc ? 0xff : small))
                    .size(size).build();
            long inode = bounded(random, small);
            long check = format == CpioFormat.CRC ? bounded(random, 0xFFFFFFFFL) : 0;
            byte[] h = HeaderCodec.encode(e, format, inode, check, size);
            assertEquals(format, HeaderCodec.detect(h, 0, h.length));
            HeaderCodec.Fields f = HeaderCodec.decode(format, h, 0, SITE);
            String what = e.toString();
            assertEquals(inode, f.inode, what);
            assertEquals(e.mode(), f.mode, what);
            assertEquals(e.uid(), f.uid, what);
            assertEquals(e.gid(), f.gid, what);
            assertEquals(e.nlink(), f.nlink, what);
            assertEquals(e.mtime(), f.mtime, what);
            assertEquals(size, f.size, what);
            assertEquals(e.devMajor(), f.devMajor, what);
            assertEquals(e.devMinor(), f.devMinor, what);
            assertEquals(e.rdevMajor(), f.rdevMajor, what);
            assertEquals(e.rdevMinor(), f.rdevMinor, what);
            assertEquals(e.nameLength() + 1, f.nameSize, what);
            assertEquals(check, f.checksum, what);
        }
    }

    /** 0, the maximum, or a random value up to it: the edges are where encoders break. */
    private static long bounded(Random random, long max) {
        switch (random.nextInt(4)) {
            case 0: return 0;
            case 1: return max;
            default: return (random.nextLong() >>> 1) % (max + 1);
        }
    }

    @Test
    void encodeChecksEveryFieldAgainstItsWidth() {
        CpioEntry ok = CpioEntry.file("f", 0644, 0);
        HeaderCodec.encode(ok.toBuilder().size(0xFFFFFFFFL).build(), CpioFormat.NEWC, 0xFFFFFFFFL, 0xFFFFFFFFL, 0xFFFFFFFFL);
        HeaderCodec.FieldTooLarge e = assertThrows(HeaderCodec.FieldTooLarge.class,
                () -> HeaderCodec.encode(ok, CpioFormat.NEWC, 1L << 32, 0, 0));
        assertEquals("c_ino", e.field());
        e = assertThrows(HeaderCodec.FieldTooLarge.class,
                () -> HeaderCodec.encode(ok.toBuilder().size(1L << 32).build(), CpioFormat.NEWC, 1, 0, 1L << 32));
        assertEquals("c_filesize", e.field());
        assertTrue(e.getMessage().contains("files of 4 GiB or more cannot be stored"), e.getMessage());

        HeaderCodec.encode(ok.toBuilder().mtime(077777777777L).build(), CpioFormat.ODC, 0777777, 0, 077777777777L);
        e = assertThrows(HeaderCodec.FieldTooLarge.class,
                () -> HeaderCodec.encode(ok, CpioFormat.ODC, 0, 0, 0100000000000L));
        assertEquals("c_filesize", e.field());
        e = assertThrows(HeaderCodec.FieldTooLarge.class,
                () -> HeaderCodec.encode(ok.toBuilder().dev(0, 256).build(), CpioFormat.ODC, 0, 0, 0));
        assertEquals("c_dev", e.field());
        e = assertThrows(HeaderCodec.FieldTooLarge.class,
                () -> HeaderCodec.encode(ok.toBuilder().nlink(01000000).build(), CpioFormat.ODC, 0, 0, 0));
        assertEquals("c_nlink", e.field());

        HeaderCodec.encode(CpioEntry.file("x".repeat(4095), 0644, 0), CpioFormat.NEWC, 0, 0, 0);
        e = assertThrows(HeaderCodec.FieldTooLarge.class,
                () -> HeaderCodec.encode(CpioEntry.file("x".repeat(4096), 0644, 0), CpioFormat.ODC, 0, 0, 0));
        assertEquals("c_namesize", e.field());
        assertThrows(HeaderCodec.FieldTooLarge.class,
                () -> HeaderCodec.encode(CpioEntry.file("", 0644, 0), CpioFormat.NEWC, 0, 0, 0));
    }
}
