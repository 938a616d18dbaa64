package dev.remaster.spec;

import dev.remaster.io.FormatException;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioFormat;
import dev.remaster.cpio.CpioFormatException;
import dev.remaster.cpio.CpioWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Writes the entries of a gen_init_cpio file list to a {@link CpioWriter}, without root: owners,
 * device nodes and modes come from the list, never from the disk.
 *
 * <pre>{@code
 * InitramfsSpec spec = SpecParser.withSystemEnvironment().parse(Path.of("initramfs.list"));
 * try (CpioWriter out = CpioWriter.of(Files.newOutputStream(target))) {
 *     SpecArchiver.of(SpecArchiveOptions.defaults().withMtime(epoch)).write(spec, out);
 * }
 * }</pre>
 *
 * <p><b>The header values gen_init_cpio writes,</b> so that with {@link SpecArchiveOptions#mtime()}
 * set the output of a newc writer is byte for byte that of {@code gen_init_cpio -t <mtime>}:
 * <ul>
 * <li>one leading {@code /} is removed from each name ({@code /dev} becomes {@code dev},
 *     {@code //x} becomes {@code /x});
 * <li>inode numbers from 721 (see {@link SpecArchiveOptions#firstInode()}), one per line;
 * <li>device of every entry 3:1 ({@code c_devmajor}, {@code c_devminor}), as gen_init_cpio writes;
 * <li>link counts: 2 for {@code dir}, {@code pipe} and {@code sock}, 1 for {@code nod} and
 *     {@code slink}, and for {@code file} the number of its names;
 * <li>a symbolic link's data is its target followed by a NUL, counted in the size;
 * <li>a {@code file} with hard links is written as one entry per name, in the order listed, all
 *     with the same inode; the data goes with the last name and the others have size 0 (for a
 *     {@link CpioFormat#ODC} writer, whose readers expect it, every name carries the data);
 * <li>the mtime: see {@link SpecArchiveOptions#mtime()}.
 * </ul>
 * The writer's options decide the rest: format ({@code gen_init_cpio -c} is
 * {@link CpioFormat#CRC}), inode renumbering, block padding (gen_init_cpio pads to 512).
 *
 * <p>File contents are streamed from the disk, never held in memory. A location that cannot be
 * read is an {@link IOException} naming the list, line and location; a file of 4 GiB or more fails
 * in the writer as it would for any source.
 *
 * <p>The writer is neither finished nor closed here, so that several lists or trees can go into
 * one archive.
 */
public final class SpecArchiver {
    /** The device numbers gen_init_cpio puts in every header. */
    static final long DEV_MAJOR = 3;
    static final long DEV_MINOR = 1;

    private final SpecArchiveOptions options;

    private SpecArchiver(SpecArchiveOptions options) {
        this.options = options;
    }

    /**
     * An archiver with the given options.
     *
     * @param options the options
     * @return an archiver with the given options
     */
    public static SpecArchiver of(SpecArchiveOptions options) {
        return new SpecArchiver(Objects.requireNonNull(options, "options"));
    }

    /**
     * The options this archiver was made with.
     *
     * @return the options this archiver was made with
     */
    public SpecArchiveOptions options() {
        return options;
    }

    /**
     * Writes every line of {@code spec} to {@code writer}, in order.
     *
     * @param spec the gen_init_cpio list
     * @param writer the writer
     * @throws IOException if reading or writing fails
     */
    public void write(InitramfsSpec spec, CpioWriter writer) throws IOException {
        long inode = options.firstInode();
        for (SpecLine line : spec.lines()) {
            if (line instanceof SpecLine.RegularFile file) {
                writeFile(spec, file, inode, writer);
            } else {
                writer.write(entry(line, inode));
            }
            inode++;
        }
    }

    /** The entry of a line other than {@code file}, with the given inode number. */
    private CpioEntry entry(SpecLine line, long inode) {
        CpioEntry.Builder b = base(line.name(), line, inode)
                .mtime(options.mtime() == null ? 0 : options.mtime());
        if (line instanceof SpecLine.Directory || line instanceof SpecLine.Pipe || line instanceof SpecLine.Socket) {
            b.nlink(2);
        } else if (line instanceof SpecLine.DeviceNode node) {
            b.nlink(1).rdevMajor(node.major()).rdevMinor(node.minor());
        } else if (line instanceof SpecLine.Symlink link) {
            byte[] target = link.target().getBytes(StandardCharsets.UTF_8);
            b.nlink(1).linkTarget(Arrays.copyOf(target, target.length + 1));
        } else {
            throw new AssertionError(line);
        }
        return b.build();
    }

    private void writeFile(InitramfsSpec spec, SpecLine.RegularFile line, long inode, CpioWriter writer)
            throws IOException {
        Path location = spec.resolve(line);
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(location, BasicFileAttributes.class);
        } catch (IOException e) {
            throw locationError(spec, line, location, "cannot be read: " + reason(e), e);
        }
        if (!attributes.isRegularFile()) {
            throw locationError(spec, line, location, "is not a regular file", null);
        }
        long mtime = options.mtime() != null ? options.mtime()
                : clip(attributes.lastModifiedTime().to(TimeUnit.SECONDS));
        List<String> names = line.names();
        boolean everyLinkHasData = writer.options().format() == CpioFormat.ODC;
        for (int i = 0; i < names.size(); i++) {
            boolean carriesData = everyLinkHasData || i == names.size() - 1;
            CpioEntry entry = base(names.get(i), line, inode)
                    .nlink(names.size())
                    .mtime(mtime)
                    .size(carriesData ? attributes.size() : 0)
                    .build();
            if (!carriesData) {
                writer.write(entry);
                continue;
            }
            try {
                writer.write(entry, location);
            } catch (FormatException e) {
                throw e;
            } catch (IOException e) {
                throw locationError(spec, line, location, "cannot be read: " + reason(e), e);
            }
        }
    }

    private CpioEntry.Builder base(String name, SpecLine line, long inode) {
        return CpioEntry.builder(archiveName(name))
                .mode(line.type().bits() | line.permissions())
                .uid(line.uid())
                .gid(line.gid())
                .inode(inode)
                .dev(DEV_MAJOR, DEV_MINOR);
    }

    /** The name in the archive: gen_init_cpio removes one leading {@code /}. */
    static String archiveName(String name) {
        return name.startsWith("/") ? name.substring(1) : name;
    }

    /** gen_init_cpio clips file mtimes to what eight hex digits hold. */
    private static long clip(long seconds) {
        return Math.max(0, Math.min(SpecSyntax.MAX_U32, seconds));
    }

    /** The operating system's reason, without the Java exception's name. */
    private static String reason(IOException e) {
        if (e instanceof java.nio.file.NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof java.nio.file.FileSystemException f && f.getReason() != null) {
            return f.getReason();
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    private static IOException locationError(InitramfsSpec spec, SpecLine.RegularFile line, Path location,
            String detail, Throwable cause) {
        String where = (spec.sourceName() == null ? "" : spec.sourceName() + ":") + line.lineNumber();
        return new IOException(where + ": file " + line.name() + ": location '" + location + "' " + detail, cause);
    }
}
