package dev.remaster.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceNumbersTest {
    /** glibc's makedev layout, written out here independently of the code under test. */
    private static long makedev(long major, long minor) {
        return ((major & 0xfffL) << 8) | ((major & 0xfffff000L) << 32)
                | (minor & 0xffL) | ((minor & 0xffffff00L) << 12);
    }

    @ParameterizedTest
    @CsvSource({"0, 0", "1, 3", "8, 1", "259, 0", "4095, 255", "4096, 256", "254, 1048575", "4294967295, 4294967295"})
    void splitsWhatMakedevJoins(long major, long minor) {
        long dev = makedev(major, minor);
        assertEquals(major, DeviceNumbers.major(dev));
        assertEquals(minor, DeviceNumbers.minor(dev));
    }

    @Test
    void splitsKnownValues() {
        assertEquals(8, DeviceNumbers.major(0x801));
        assertEquals(1, DeviceNumbers.minor(0x801));
        // major 4096, minor 256: both spill into the high bits
        assertEquals(4096, DeviceNumbers.major(0x0000100000100000L));
        assertEquals(256, DeviceNumbers.minor(0x0000100000100000L));
    }

    @Test
    void splitsTheRdevOfDevNullAs1And3() throws IOException {
        Path devNull = Path.of("/dev/null");
        assumeTrue(Files.exists(devNull), "/dev/null is missing");
        long rdev = (Long) Files.getAttribute(devNull, "unix:rdev");
        assertEquals(1, DeviceNumbers.major(rdev));
        assertEquals(3, DeviceNumbers.minor(rdev));
    }
}
