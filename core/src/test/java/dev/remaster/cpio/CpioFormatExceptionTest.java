package dev.remaster.cpio;

import dev.remaster.io.FormatException;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.io.IOException;
import org.junit.jupiter.api.Test;

class CpioFormatExceptionTest {

    @Test
    void messageSaysWhereWhichFieldAndWhat() {
        FormatException e = new CpioFormatException("initrd.img", 500, "c_filesize", "etc/motd", "not hex: 'zz000000'");
        assertEquals("initrd.img: at offset 500 (0x1F4), entry 'etc/motd': c_filesize: not hex: 'zz000000'", e.getMessage());
        assertEquals("initrd.img", e.source());
        assertEquals(500, e.offset());
        assertEquals("c_filesize", e.field());
        assertEquals("etc/motd", e.entryName());
        assertEquals("not hex: 'zz000000'", e.detail());
    }

    @Test
    void unknownPartsAreLeftOut() {
        assertEquals("empty input", new CpioFormatException(null, -1, null, null, "empty input").getMessage());
        assertEquals("at offset 16 (0x10): bad", new CpioFormatException(null, 16, null, null, "bad").getMessage());
        assertEquals("entry 'a': c_check: bad", new CpioFormatException(null, -1, "c_check", "a", "bad").getMessage());
        assertEquals("x.cpio: bad", new CpioFormatException("x.cpio", -1, null, null, "bad").getMessage());
        assertEquals("x.cpio: entry 'a': bad", new CpioFormatException("x.cpio", -1, null, "a", "bad").getMessage());
        assertEquals("x.cpio: c_ino: bad", new CpioFormatException("x.cpio", -1, "c_ino", null, "bad").getMessage());
    }

    @Test
    void isAnIOExceptionWithItsCause() {
        IOException cause = new IOException("disk");
        FormatException e = new CpioFormatException(null, 0, null, null, "bad", cause);
        assertSame(cause, e.getCause());
        assertNull(new CpioFormatException(null, 0, null, null, "bad").getCause());
    }
}
