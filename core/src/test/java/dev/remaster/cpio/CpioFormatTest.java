package dev.remaster.cpio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CpioFormatTest {

    @Test
    void paddingReachesTheAlignment() {
        int[] expected = {0, 3, 2, 1, 0, 3};
        for (int length = 0; length < expected.length; length++) {
            assertEquals(expected[length], CpioFormat.NEWC.padding(length), "newc " + length);
            assertEquals(expected[length], CpioFormat.CRC.padding(length), "crc " + length);
            assertEquals(0, CpioFormat.ODC.padding(length), "odc " + length);
            assertEquals(length % 2, CpioFormat.BINARY_LE.padding(length), "binary " + length);
        }
        assertEquals(1, CpioFormat.NEWC.padding(0xFFFFFFFFL));
        assertEquals(0, CpioFormat.NEWC.padding(4L << 30));
    }

    @Test
    void headerLengthsAndAbilities() {
        assertEquals(110, CpioFormat.NEWC.headerLength());
        assertEquals(110, CpioFormat.CRC.headerLength());
        assertEquals(76, CpioFormat.ODC.headerLength());
        assertEquals(26, CpioFormat.BINARY_BE.headerLength());
        for (CpioFormat f : CpioFormat.values()) {
            assertEquals(f == CpioFormat.NEWC || f == CpioFormat.CRC || f == CpioFormat.ODC, f.isWritable(), f.name());
        }
        assertTrue(CpioFormat.CRC.isSvr4());
        assertFalse(CpioFormat.ODC.isSvr4());
    }
}
