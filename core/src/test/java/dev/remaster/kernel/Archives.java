package dev.remaster.kernel;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioFormat;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.WriteOptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Builds the small archives and images the kernel tests craft, including headers no writer would write. */
public final class Archives {
    private final List<Object[]> entries = new ArrayList<>();
    private CpioFormat format = CpioFormat.NEWC;
    private int blockSize = 512;
    private boolean trailer = true;

    public static Archives archive() {
        return new Archives();
    }

    public Archives format(CpioFormat f) {
        this.format = f;
        return this;
    }

    public Archives blockSize(int size) {
        this.blockSize = size;
        return this;
    }

    public Archives withoutTrailer() {
        this.trailer = false;
        this.blockSize = 0;
        return this;
    }

    public Archives dir(String name) {
        return entry(CpioEntry.directory(name, 0755), null);
    }

    public Archives file(String name, String content) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        return entry(CpioEntry.file(name, 0644, data.length), data);
    }

    public Archives symlink(String name, String target) {
        return entry(CpioEntry.symlink(name, target), null);
    }

    public Archives entry(CpioEntry e, byte[] data) {
        entries.add(new Object[] {e, data});
        return this;
    }

    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            CpioWriter w = CpioWriter.of(out, new WriteOptions(format, blockSize, WriteOptions.InodePolicy.KEEP, true));
            for (Object[] e : entries) {
                CpioEntry entry = (CpioEntry) e[0];
                if (e[1] == null) {
                    w.write(entry);
                } else {
                    w.write(entry, (byte[]) e[1]);
                }
            }
            if (trailer) {
                w.close();
                return out.toByteArray();
            }
            w.finish();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        byte[] all = out.toByteArray();
        // finish() wrote a trailer of 110 + 11 bytes, padded to 124: cut it off again.
        return java.util.Arrays.copyOf(all, all.length - 124);
    }

    /** A newc header, written by hand so that any value (a name over PATH_MAX, no NUL) can be given. */
    public static byte[] rawHeader(int mode, long nameSize, byte[] nameAndPadding, long fileSize) {
        String h = String.format("070701%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
                1, mode, 0, 0, 1, 0, fileSize, 0, 0, 0, 0, nameSize, 0);
        return concat(h.getBytes(StandardCharsets.US_ASCII), nameAndPadding);
    }

    public static byte[] compress(Compression c, byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream enc = c.newEncoder(out, EncoderOptions.defaults(c).withThreads(1))) {
            enc.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    public static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    public static byte[] trailerOnly() {
        return archive().bytes();
    }
}
