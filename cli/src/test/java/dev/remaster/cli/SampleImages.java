package dev.remaster.cli;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.WriteOptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Small images for the command tests: a plain early segment and a gzip main archive. */
final class SampleImages {
    private SampleImages() {
    }

    static Path write(Path dir) throws IOException {
        ByteArrayOutputStream early = new ByteArrayOutputStream();
        try (CpioWriter w = CpioWriter.of(early, WriteOptions.defaults())) {
            w.write(CpioEntry.directory("kernel", 0755).toBuilder().inode(1).build());
        }
        ByteArrayOutputStream main = new ByteArrayOutputStream();
        long t = 1_600_000_000L;
        try (CpioWriter w = CpioWriter.of(main, WriteOptions.defaults())) {
            w.write(CpioEntry.directory(".", 0755).toBuilder().inode(10).mtime(t).build());
            w.write(CpioEntry.directory("etc", 0755).toBuilder().inode(11).mtime(t).build());
            byte[] motd = "welcome\n".getBytes(StandardCharsets.UTF_8);
            w.write(CpioEntry.file("etc/motd", 0644, motd.length).toBuilder().inode(12).mtime(t).build(), motd);
            w.write(CpioEntry.directory("bin", 0755).toBuilder().inode(13).mtime(t).build());
            byte[] bb = "busybox".getBytes(StandardCharsets.UTF_8);
            w.write(CpioEntry.file("bin/busybox", 04755, bb.length).toBuilder().inode(14).mtime(t).build(), bb);
            w.write(CpioEntry.symlink("bin/sh", "busybox").toBuilder().inode(15).mtime(t).build());
            w.write(CpioEntry.directory("dev", 0755).toBuilder().inode(16).mtime(t).build());
            w.write(CpioEntry.charDevice("dev/console", 0600, 5, 1).toBuilder().inode(17).mtime(t).build());
            w.write(CpioEntry.directory("home", 0755).toBuilder().inode(18).mtime(t).build());
            w.write(CpioEntry.directory("home/tc", 0750).toBuilder().inode(19).uid(1001).gid(50).mtime(t).build());
        }
        ByteArrayOutputStream image = new ByteArrayOutputStream();
        image.writeBytes(early.toByteArray());
        try (OutputStream gz = Compression.GZIP.newEncoder(image, EncoderOptions.defaults(Compression.GZIP).withThreads(1))) {
            gz.write(main.toByteArray());
        }
        Path f = dir.resolve("sample.img");
        Files.write(f, image.toByteArray());
        return f;
    }
}
