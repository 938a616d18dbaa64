package dev.remaster.cpio;

import dev.remaster.testing.Peers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The committed archives of testdata/cpio, all made from one source tree (see its README). */
enum Fixture {
    GNU_NEWC("gnu-newc.cpio", CpioFormat.NEWC),
    GNU_CRC("gnu-crc.cpio", CpioFormat.CRC),
    GNU_ODC("gnu-odc.cpio", CpioFormat.ODC),
    GNU_BIN("gnu-bin.cpio", CpioFormat.BINARY_LE),
    BSD_NEWC("bsd-newc.cpio", CpioFormat.NEWC),
    BSD_ODC("bsd-odc.cpio", CpioFormat.ODC),
    BUSYBOX_NEWC("busybox-newc.cpio", CpioFormat.NEWC);

    /** The Debian installer's initrd, present on machines with the debian-installer images package. */
    static final Path DEBIAN_INSTALLER_INITRD = Peers.installerImage();

    private final String file;
    private final CpioFormat format;

    Fixture(String file, CpioFormat format) {
        this.file = file;
        this.format = format;
    }

    static Path repositoryRoot() {
        return Path.of(System.getProperty("remaster.root", "..")).toAbsolutePath().normalize();
    }

    Path path() {
        return repositoryRoot().resolve("testdata/cpio").resolve(file);
    }

    String fileName() {
        return file;
    }

    CpioFormat format() {
        return format;
    }

    byte[] bytes() {
        try {
            return Files.readAllBytes(path());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether the fixture's names start with "./" (bsdcpio keeps them as find printed them). */
    boolean dotSlashNames() {
        return this == BSD_NEWC || this == BSD_ODC;
    }
}
