package dev.remaster.extract;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioReader;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.EntryType;
import dev.remaster.cpio.WriteOptions;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Builds a cpio archive in memory with {@link CpioWriter}, hostile names included. */
final class TestArchive {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final CpioWriter writer;
    private byte[] bytes;

    TestArchive() {
        this(WriteOptions.defaults());
    }

    TestArchive(WriteOptions options) {
        writer = CpioWriter.of(out, options);
    }

    TestArchive file(String name, String content) {
        return file(name, 0644, 0, content);
    }

    TestArchive file(String name, int permissions, long mtime, String content) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        return entry(CpioEntry.file(name, permissions, data.length).toBuilder().mtime(mtime).build(), data);
    }

    TestArchive dir(String name) {
        return dir(name, 0755, 0);
    }

    TestArchive dir(String name, int permissions, long mtime) {
        return entry(CpioEntry.directory(name, permissions).toBuilder().mtime(mtime).build());
    }

    TestArchive symlink(String name, String target) {
        return entry(CpioEntry.symlink(name, target));
    }

    /** One link of a hard link group: inode {@code inode}, {@code nlink} links, data only if given. */
    TestArchive link(String name, long inode, int nlink, String content) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        CpioEntry e = CpioEntry.builder(name).mode(EntryType.REGULAR.bits() | 0644).inode(inode).nlink(nlink)
                .size(data.length).build();
        return entry(e, data);
    }

    TestArchive entry(CpioEntry e) {
        try {
            writer.write(e);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return this;
    }

    TestArchive entry(CpioEntry e, byte[] data) {
        try {
            writer.write(e, data);
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
        return this;
    }

    byte[] bytes() {
        if (bytes == null) {
            try {
                writer.close();
            } catch (IOException x) {
                throw new UncheckedIOException(x);
            }
            bytes = out.toByteArray();
        }
        return bytes;
    }

    CpioReader reader() {
        return CpioReader.of(new ByteArrayInputStream(bytes()));
    }
}
