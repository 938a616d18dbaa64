package dev.remaster.boot;

import dev.remaster.compress.Compression;
import dev.remaster.compress.EncoderOptions;
import dev.remaster.squashfs.Compressor;
import dev.remaster.squashfs.SquashfsWriter;
import dev.remaster.squashfs.WriterOptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Squashfs images written by {@link SquashfsWriter}, one per compressor the kernel reads (and lzo
 * at 128 KiB blocks too, where our LZO1X encoder's far matches appear), are
 * loop-mounted by the installed Debian kernel in QEMU (its {@code loop} and {@code squashfs}
 * modules loaded from the initramfs by the init script): the kernel accepts every image, and the
 * guest reads back each file's SHA-256, a symbolic link, a directory listing and file sizes that
 * span blocks and fragments. A second copy of a file (whose blocks the writer shares), a setuid
 * file with its hard link, owners, a sticky directory, a device with a minor above 255 and a FIFO
 * are added to each image; the kernel's {@code stat} of every path (inode number, link count, raw
 * mode, owner, group, device numbers, size, time) equals what the image opened with
 * {@code FileSystems.newFileSystem} says.
 */
@Tag("qemu")
class SquashfsMountBootTest {
    private static final List<Compressor> COMPRESSORS =
            List.of(Compressor.GZIP, Compressor.XZ, Compressor.LZO, Compressor.LZ4, Compressor.ZSTD);

    @TempDir
    Path dir;

    @Test
    void theKernelMountsOurImagesOfEveryCompressor() throws Exception {
        BootKernel kernel = BootKernel.installedOrSkip();
        String version = kernel.version();
        Path modules = Path.of("/lib/modules", version, "kernel");
        Path loop = modules.resolve("drivers/block/loop.ko");
        Path squashfs = modules.resolve("fs/squashfs/squashfs.ko");
        Set<String> builtIn = kernel.builtInOptionsOrSkip();
        assumeTrue(Files.isReadable(loop) || builtIn.contains("CONFIG_BLK_DEV_LOOP"),
                "skipped: no " + loop + " and loop is not built in: install the kernel's modules");
        assumeTrue(Files.isReadable(squashfs) || builtIn.contains("CONFIG_SQUASHFS"),
                "skipped: no " + squashfs + " and squashfs is not built in: install the kernel's modules");

        Path tree = Files.createDirectories(dir.resolve("tree"));
        Random random = new Random(1);
        byte[] big = new byte[300_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) ("squashfs ".charAt(i % 9) + (random.nextInt(7) == 0 ? random.nextInt(3) : 0));
        }
        Files.write(tree.resolve("data.bin"), big);
        Files.writeString(tree.resolve("hello.txt"), "hello from a remaster squashfs\n");
        Files.createDirectories(tree.resolve("sub/deeper"));
        Files.writeString(tree.resolve("sub/deeper/small"), "x");
        Files.write(tree.resolve("sub/empty"), new byte[0]);
        Files.createSymbolicLink(tree.resolve("link"), Path.of("sub/deeper/small"));
        String bigSum = sha256(big);
        // Random bytes repeated 40,000 bytes later: in 128 KiB blocks, lzo's far matches (M4, its high distance bit).
        byte[] far = new byte[80_000];
        random.nextBytes(far);
        System.arraycopy(far, 0, far, 40_000, 40_000);
        Files.write(tree.resolve("far.bin"), far);
        String farSum = sha256(far);

        String marker = "REMASTER-SQUASHFS-OK";
        StringBuilder init = new StringBuilder("""
                #!/bin/sh
                export PATH=/bin
                mount -t proc proc /proc
                mount -t devtmpfs dev /dev
                echo 1 > /proc/sys/kernel/printk
                """);
        if (Files.isReadable(loop)) {
            init.append("insmod /lib/loop.ko\n");
        }
        if (Files.isReadable(squashfs)) {
            init.append("insmod /lib/squashfs.ko\n");
        }
        java.util.Map<String, byte[]> files = new java.util.LinkedHashMap<>();
        List<String> names = new ArrayList<>();
        java.util.Map<String, WriterOptions> images = new java.util.LinkedHashMap<>();
        for (Compressor c : COMPRESSORS) {
            images.put(c.name().toLowerCase(), WriterOptions.tinyCore().withCompressor(c));
        }
        // lzo at mksquashfs's default block size too: our LZO1X encoder's long matches and far distances.
        images.put("lzo128k", WriterOptions.tinyCore().withCompressor(Compressor.LZO).withBlockSize(128 * 1024));
        for (var entry : images.entrySet()) {
            String name = entry.getKey();
            Path out = dir.resolve(name + ".sqfs");
            SquashfsWriter w = new SquashfsWriter(entry.getValue());
            w.addTree(tree);
            addSpecials(w, big);
            try (FileChannel ch = FileChannel.open(out, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                w.write(ch);
            }
            files.put("images/" + name + ".sqfs", Files.readAllBytes(out));
            names.add(name);
            init.append("""
                    if mount -t squashfs -o loop,ro /images/%1$s.sqfs /mnt; then
                      echo "mounted %1$s"
                      sha256sum /mnt/data.bin /mnt/dup.bin /mnt/far.bin
                      echo "stat-begin %1$s"
                      busybox find /mnt | while read f; do busybox stat -c "%%n %%i %%h %%f %%u %%g %%t %%T %%s %%Y" "$f"; done
                      echo "stat-end %1$s"
                      echo "hello %1$s: $(cat /mnt/hello.txt)"
                      echo "link %1$s: $(readlink /mnt/link) $(cat /mnt/link)"
                      echo "listing %1$s:" $(ls /mnt/sub)
                      umount /mnt
                    else
                      echo "mount failed %1$s"
                    fi
                    """.formatted(name));
        }
        init.append("echo ").append(marker).append("\nsleep 2\npoweroff -f\n");
        if (Files.isReadable(loop)) {
            files.put("lib/loop.ko", Files.readAllBytes(loop));
        }
        if (Files.isReadable(squashfs)) {
            files.put("lib/squashfs.ko", Files.readAllBytes(squashfs));
        }
        files.put("mnt/.keep", new byte[0]);
        ScratchImage image = ScratchImage.withInit(init.toString());
        files.forEach(image::file);
        Path initrd = dir.resolve("initrd.gz");
        image.write(initrd, Compression.GZIP, EncoderOptions.defaults(Compression.GZIP));

        BootResult boot = QemuBoot.of(kernel, initrd).memory(512).run(marker, dir);
        assertEquals(BootResult.End.MARKER, boot.end(), boot::describe);
        for (String name : names) {
            assertTrue(boot.printed("mounted " + name), name + " was not mounted: " + boot.describe());
            assertTrue(boot.printed(bigSum + "  /mnt/data.bin"), name + ": " + boot.describe());
            assertTrue(boot.printed(bigSum + "  /mnt/dup.bin"), name + ": the copy sharing data.bin's blocks: " + boot.describe());
            assertTrue(boot.printed(farSum + "  /mnt/far.bin"), name + ": " + boot.describe());
            assertEquals(expectedStat(dir.resolve(name + ".sqfs")),
                    new java.util.TreeSet<>(boot.between("stat-begin " + name, "stat-end " + name).stream()
                            .filter(line -> line.startsWith("/mnt")) // not the kernel's messages in between
                            .map(SquashfsMountBootTest::withoutDirectorySize).toList()),
                    name + ": the kernel's stat of every path against the image opened as a java.nio file system");
            assertTrue(boot.printed("hello " + name + ": hello from a remaster squashfs"), boot.describe());
            assertTrue(boot.printed("link " + name + ": sub/deeper/small x"), boot.describe());
            assertTrue(boot.printed("listing " + name + ": deeper empty"), boot.describe());
        }
    }

    /** Entries beyond the tree: a duplicate, owners, special bits, a hard link, a device and a FIFO. */
    private static void addSpecials(SquashfsWriter w, byte[] big) {
        w.file("dup.bin", new SquashfsWriter.Attributes(0644, 0, 0, 1_600_000_000L), big.length,
                () -> new java.io.ByteArrayInputStream(big));
        byte[] suid = "#!/bin/sh\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        w.file("suid", new SquashfsWriter.Attributes(04755, 1000, 100, 1_234_567_890L), suid.length,
                () -> new java.io.ByteArrayInputStream(suid));
        w.hardLink("suid-link", "suid");
        w.directory("sticky", new SquashfsWriter.Attributes(01777, 0, 0, 1_000_000_000L));
        w.special("sticky/cdev", dev.remaster.squashfs.InodeType.CHAR_DEVICE,
                new SquashfsWriter.Attributes(0620, 0, 5, 1_500_000_000L), 4, 300);
        w.special("fifo", dev.remaster.squashfs.InodeType.FIFO,
                new SquashfsWriter.Attributes(0640, 3, 4, 1_500_000_001L), 0, 0);
    }

    /**
     * What busybox {@code stat -c "%n %i %h %f %u %g %t %T %s %Y"} prints for every path of the
     * image mounted on {@code /mnt}, from the image opened as a file system.
     */
    private static java.util.TreeSet<String> expectedStat(Path image) throws IOException {
        java.util.TreeSet<String> lines = new java.util.TreeSet<>();
        try (java.nio.file.FileSystem fs = java.nio.file.FileSystems.newFileSystem(image);
                java.util.stream.Stream<Path> walk = Files.walk(fs.getPath("/"))) {
            for (Path p : walk.toList()) {
                java.util.Map<String, Object> a = Files.readAttributes(p, "unix:*", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                long rdev = (Long) a.get("rdev");
                long major = (rdev >>> 8) & 0xfff;
                long minor = (rdev & 0xff) | ((rdev >>> 12) & 0xfff00);
                String line = String.join(" ", "/mnt" + (p.getNameCount() == 0 ? "" : p.toString()),
                        a.get("ino").toString(), a.get("nlink").toString(), Integer.toHexString((Integer) a.get("mode")),
                        a.get("uid").toString(), a.get("gid").toString(), Long.toHexString(major), Long.toHexString(minor),
                        a.get("size").toString(),
                        Long.toString(((java.nio.file.attribute.FileTime) a.get("lastModifiedTime")).toMillis() / 1000));
                lines.add(withoutDirectorySize(line));
            }
        }
        return lines;
    }

    /** A stat line with a directory's size (the kernel's count, never the file system view's) shown as {@code -}. */
    private static String withoutDirectorySize(String line) {
        String[] f = line.split(" ");
        if (f.length == 10 && f[3].length() == 4 && f[3].startsWith("4")) {
            f[8] = "-";
        }
        return String.join(" ", f);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }
}
