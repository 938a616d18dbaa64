package dev.remaster.boot;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.WriteOptions;
import dev.remaster.image.ImageWriter;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A minimal bootable initramfs made from nothing but busybox-static and an {@code /init} script,
 * written by Remaster's own writers and without root: the device node is only a header.
 *
 * <p>Layout: {@code /bin/busybox} with its applets as symbolic links in {@code /bin}, the
 * character device {@code /dev/console} (5,1) that the kernel opens for init's standard streams,
 * the mount points {@code /proc} and {@code /sys}, {@code /etc} with any files given, and
 * {@code /init} (mode 0755).
 */
final class ScratchImage {
    /** busybox-static's binary. */
    static final Path BUSYBOX = Path.of("/bin/busybox");

    /** The applets linked in {@code /bin}: what the tests' init scripts call. */
    static final List<String> APPLETS =
            List.of("sh", "echo", "cat", "mount", "poweroff", "sha256sum", "uname", "test", "[", "insmod", "umount",
                    "ls", "readlink", "sleep");

    private final String init;
    private final Map<String, String> etc = new LinkedHashMap<>();
    private final Map<String, byte[]> files = new LinkedHashMap<>();

    private ScratchImage(String init) {
        this.init = init;
    }

    /**
     * An image whose {@code /init} is {@code script}; skips the test unless {@link #BUSYBOX} is a
     * statically linked binary (the image holds no C library).
     */
    static ScratchImage withInit(String script) throws IOException {
        assumeTrue(Files.isReadable(BUSYBOX), "skipped: no " + BUSYBOX + ": install busybox-static");
        assumeTrue(isStaticElf(BUSYBOX), "skipped: " + BUSYBOX
                + " is dynamically linked (the busybox package): install busybox-static");
        return new ScratchImage(script);
    }

    /** Adds {@code /etc/<name>} with {@code content}, mode 0644, or 0755 if it starts with {@code #!}. */
    ScratchImage etcFile(String name, String content) {
        etc.put(name, content);
        return this;
    }

    /**
     * Adds the file {@code path} (relative, such as {@code lib/loop.ko}) with {@code data}, mode
     * 0644, its parent directories made as needed (mode 0755).
     */
    ScratchImage file(String path, byte[] data) {
        files.put(path, data);
        return this;
    }

    /** Writes the image as one archive compressed with {@code compression}, through {@link ImageWriter}. */
    void write(Path target, Compression compression, EncoderOptions encoder) throws IOException {
        try (ImageWriter image = ImageWriter.of(Files.newOutputStream(target));
             CpioWriter cpio = image.beginArchive(compression, encoder, WriteOptions.defaults())) {
            cpio.write(CpioEntry.directory("bin", 0755));
            cpio.write(CpioEntry.file("bin/busybox", 0755, Files.size(BUSYBOX)), BUSYBOX);
            for (String applet : APPLETS) {
                cpio.write(CpioEntry.symlink("bin/" + applet, "busybox"));
            }
            cpio.write(CpioEntry.directory("dev", 0755));
            cpio.write(CpioEntry.charDevice("dev/console", 0600, 5, 1));
            cpio.write(CpioEntry.directory("proc", 0555));
            cpio.write(CpioEntry.directory("sys", 0555));
            cpio.write(CpioEntry.directory("etc", 0755));
            for (Map.Entry<String, String> f : etc.entrySet()) {
                byte[] data = f.getValue().getBytes(StandardCharsets.UTF_8);
                int mode = f.getValue().startsWith("#!") ? 0755 : 0644;
                cpio.write(CpioEntry.file("etc/" + f.getKey(), mode, data.length), data);
            }
            java.util.Set<String> made = new java.util.HashSet<>(List.of("bin", "dev", "proc", "sys", "etc"));
            for (Map.Entry<String, byte[]> f : files.entrySet()) {
                String[] parts = f.getKey().split("/");
                String dirPath = "";
                for (int i = 0; i < parts.length - 1; i++) {
                    dirPath = dirPath.isEmpty() ? parts[i] : dirPath + "/" + parts[i];
                    if (made.add(dirPath)) {
                        cpio.write(CpioEntry.directory(dirPath, 0755));
                    }
                }
                cpio.write(CpioEntry.file(f.getKey(), 0644, f.getValue().length), f.getValue());
            }
            byte[] script = init.getBytes(StandardCharsets.UTF_8);
            cpio.write(CpioEntry.file("init", 0755, script.length), script);
        }
    }

    /** Whether {@code file} is a 64-bit little-endian ELF file without a program interpreter (PT_INTERP). */
    static boolean isStaticElf(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(64 * 1024);
        }
        ByteBuffer b = ByteBuffer.wrap(head).order(ByteOrder.LITTLE_ENDIAN);
        if (head.length < 64 || b.getInt(0) != 0x464C457F || head[4] != 2 || head[5] != 1) {
            return false;
        }
        long phoff = b.getLong(0x20);
        int phentsize = b.getShort(0x36) & 0xFFFF;
        int phnum = b.getShort(0x38) & 0xFFFF;
        for (int i = 0; i < phnum; i++) {
            long at = phoff + (long) i * phentsize;
            if (at + 4 > head.length) {
                return false;
            }
            if (b.getInt((int) at) == 3) {
                return false;
            }
        }
        return true;
    }
}
