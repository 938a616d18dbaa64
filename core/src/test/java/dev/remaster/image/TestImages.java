package dev.remaster.image;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.WriteOptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** Builds small archives and images for the image tests. */
final class TestImages {
    private TestImages() {
    }

    /** A newc archive of a few entries named with {@code prefix}, padded to 512 like GNU cpio. */
    static byte[] archive(String prefix, int files) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(out, WriteOptions.defaults())) {
            w.write(CpioEntry.directory(prefix, 0755).toBuilder().inode(1).mtime(1_700_000_000L).build());
            for (int i = 0; i < files; i++) {
                byte[] data = (prefix + " file " + i + "\n").repeat(i + 1).getBytes(StandardCharsets.UTF_8);
                w.write(CpioEntry.file(prefix + "/f" + i, 0644, data.length).toBuilder().inode(2 + i)
                        .mtime(1_700_000_000L + i).build(), data);
            }
            w.write(CpioEntry.symlink(prefix + "/link", "f0").toBuilder().inode(100).build());
            w.write(CpioEntry.charDevice(prefix + "/null", 0666, 1, 3).toBuilder().inode(101).build());
        }
        return out.toByteArray();
    }

    static byte[] compress(Compression c, byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream enc = c.newEncoder(out, EncoderOptions.defaults(c).withThreads(1))) {
            enc.write(data);
        }
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
