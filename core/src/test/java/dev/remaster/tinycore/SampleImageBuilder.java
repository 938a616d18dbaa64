package dev.remaster.tinycore;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioWriter;
import dev.remaster.cpio.WriteOptions;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * Builds {@code testdata/tinycore/core-sample.gz} from {@code core-sample.list} (lines in the
 * format of the kernel's {@code usr/gen_init_cpio}) and the files under {@code root/}.
 * Run by {@code testdata/tinycore/make-sample.sh}.
 *
 * <p>The output is reproducible: entries sorted by path with parents first, one fixed mtime,
 * inodes numbered in output order, names spelled {@code ./name} as {@code find | cpio -o -H newc}
 * writes them (the root is {@code .}), newc padded to 512 bytes, gzip level 9 with mtime 0 and no
 * file name. Of a hard link group the last name written carries the data.
 */
final class SampleImageBuilder {
    /** 2010-01-01T00:00:00Z. */
    static final long MTIME = 1_262_304_000L;

    private record Item(String path, String kind, int mode, long uid, long gid, String location, String target,
            char deviceType, long major, long minor, int group) {
    }

    private SampleImageBuilder() {
    }

    /** {@code SampleImageBuilder LIST ROOT OUTPUT}. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: SampleImageBuilder LIST ROOT OUTPUT");
            System.exit(2);
        }
        byte[] image = gzip(cpio(Path.of(args[0]), Path.of(args[1])));
        Files.write(Path.of(args[2]), image);
        System.out.println(args[2] + ": " + image.length + " bytes");
    }

    /** The uncompressed newc archive that the description {@code list} makes from the files under {@code root}. */
    static byte[] cpio(Path list, Path root) throws IOException {
        List<Item> items = parse(list);
        items.sort(Comparator.comparing(Item::path, SampleImageBuilder::compareComponents));
        Map<Integer, Integer> groupSize = new HashMap<>();
        Map<Integer, Integer> lastOfGroup = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            Item it = items.get(i);
            if (it.group() >= 0) {
                groupSize.merge(it.group(), 1, Integer::sum);
                lastOfGroup.put(it.group(), i);
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Map<Integer, Long> groupInode = new HashMap<>();
        long nextInode = 1;
        try (CpioWriter w = CpioWriter.of(out, WriteOptions.defaults())) {
            for (int i = 0; i < items.size(); i++) {
                Item it = items.get(i);
                String name = it.path().equals("/") ? "." : "." + it.path();
                long inode;
                if (it.group() >= 0) {
                    Long known = groupInode.get(it.group());
                    inode = known != null ? known : nextInode++;
                    groupInode.put(it.group(), inode);
                } else {
                    inode = nextInode++;
                }
                CpioEntry e;
                byte[] data = null;
                switch (it.kind()) {
                    case "dir" -> e = CpioEntry.directory(name, it.mode());
                    case "slink" -> e = CpioEntry.symlink(name, it.target());
                    case "nod" -> e = it.deviceType() == 'c'
                            ? CpioEntry.charDevice(name, it.mode(), it.major(), it.minor())
                            : CpioEntry.blockDevice(name, it.mode(), it.major(), it.minor());
                    case "file" -> {
                        boolean carries = it.group() < 0 || lastOfGroup.get(it.group()) == i;
                        data = carries ? Files.readAllBytes(root.resolve(it.location())) : new byte[0];
                        e = CpioEntry.file(name, it.mode(), data.length);
                        if (it.group() >= 0) {
                            e = e.toBuilder().nlink(groupSize.get(it.group())).build();
                        }
                    }
                    default -> throw new IllegalStateException(it.kind());
                }
                e = e.toBuilder().inode(inode).uid(it.uid()).gid(it.gid()).mtime(MTIME).build();
                if (data != null) {
                    w.write(e, data);
                } else {
                    w.write(e);
                }
            }
        }
        return out.toByteArray();
    }

    private static List<Item> parse(Path list) throws IOException {
        List<Item> items = new ArrayList<>();
        int groups = 0;
        int lineNo = 0;
        for (String line : Files.readAllLines(list, StandardCharsets.UTF_8)) {
            lineNo++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] f = t.split("\\s+");
            try {
                switch (f[0]) {
                    case "dir" -> items.add(new Item(f[1], "dir", octal(f[2]), num(f[3]), num(f[4]), null, null, ' ', 0, 0, -1));
                    case "slink" -> items.add(new Item(f[1], "slink", octal(f[3]), num(f[4]), num(f[5]), null, f[2], ' ', 0, 0, -1));
                    case "nod" -> items.add(new Item(f[1], "nod", octal(f[2]), num(f[3]), num(f[4]), null, null,
                            f[5].charAt(0), num(f[6]), num(f[7]), -1));
                    case "file" -> {
                        // Names after the gid are more names (hard links) of the same file.
                        int group = f.length > 6 ? groups++ : -1;
                        List<String> names = new ArrayList<>();
                        names.add(f[1]);
                        names.addAll(Arrays.asList(f).subList(6, f.length));
                        for (String name : names) {
                            items.add(new Item(name, "file", octal(f[3]), num(f[4]), num(f[5]), f[2], null, ' ', 0, 0, group));
                        }
                    }
                    default -> throw new IOException(list + ":" + lineNo + ": unknown type '" + f[0] + "'");
                }
            } catch (ArrayIndexOutOfBoundsException | NumberFormatException e) {
                throw new IOException(list + ":" + lineNo + ": malformed line: " + line, e);
            }
        }
        return items;
    }

    private static int octal(String s) {
        return Integer.parseInt(s, 8);
    }

    private static long num(String s) {
        return Long.parseLong(s);
    }

    /** Orders paths component by component, so that a directory comes right before its contents. */
    static int compareComponents(String a, String b) {
        String[] x = a.equals("/") ? new String[0] : a.substring(1).split("/");
        String[] y = b.equals("/") ? new String[0] : b.substring(1).split("/");
        for (int i = 0; i < Math.min(x.length, y.length); i++) {
            int c = x[i].compareTo(y[i]);
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(x.length, y.length);
    }

    /** Gzip at level 9 with the header the kernel accepts: flags 0, mtime 0. */
    static byte[] gzip(byte[] data) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (OutputStream gz = new GZIPOutputStream(out) {
            {
                def.setLevel(Deflater.BEST_COMPRESSION);
            }
        }) {
            gz.write(data);
        }
        return out.toByteArray();
    }
}
