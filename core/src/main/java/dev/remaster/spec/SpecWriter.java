package dev.remaster.spec;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.CpioFormatException;
import dev.remaster.cpio.EntryReader;
import dev.remaster.cpio.EntryType;
import dev.remaster.cpio.LinkTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The reverse of {@link SpecParser} and {@link SpecArchiver}: writes the entries of an archive as a
 * gen_init_cpio file list, and the contents of its regular files into a directory, so that parsing
 * the list and archiving it gives the same entries again: names, types, permissions, owners,
 * device numbers, link targets, contents and hard link groups.
 *
 * <pre>{@code
 * try (CpioReader in = CpioReader.of(Files.newInputStream(image));
 *      Writer list = Files.newBufferedWriter(Path.of("initramfs.list"))) {
 *     SpecWriter.into(Path.of("initramfs-files")).withLocationsRelativeTo(Path.of(".")).write(in, list);
 * }
 * }</pre>
 *
 * <p><b>Names</b> are written with a leading {@code /} added, which {@link SpecArchiver} (like
 * gen_init_cpio) removes again: {@code bin/sh} is listed as {@code /bin/sh}, and the rare stored
 * name {@code /x} as {@code //x}, so every name comes back exactly.
 *
 * <p><b>Contents</b> go to {@code DIR/<name>}, written safely (see {@link MirrorDirectory}: the
 * directory must be new or empty, names that would leave it are refused, links are never
 * followed). Each file gets its entry's mtime, which {@link SpecArchiver} reads back by default.
 * A name that occurs twice keeps the later content at its path and the earlier at a numbered
 * backup beside it. The {@code file} line of a hard link group lists every name in archive order
 * (the last one gets the data when archived again) and takes the place of the group's last name,
 * where every name's parent directory has been seen; its location is the first name's path.
 *
 * <p><b>What a list cannot say,</b> and so is not kept: the mtimes of entries other than files,
 * inode and device numbers (renumbered when archived), link counts (recomputed), and hard links
 * between entries that are not regular files (each becomes its own entry). What it cannot express
 * is an error naming the entry ({@link CpioFormatException}): a name or link target with
 * whitespace, an empty one, a name that is not UTF-8, a regular file's name that is absolute or has
 * a {@code ..} component (its content would land outside the directory), a location with
 * {@code ${...}}, an entry whose type is unknown.
 *
 * <p>Lines are held until the end (the line of a hard link group moves to its last name), then
 * written at once; contents are streamed to disk as they are read.
 */
public final class SpecWriter {
    private final Path directory;
    private final Path locationBase;

    private SpecWriter(Path directory, Path locationBase) {
        this.directory = directory;
        this.locationBase = locationBase;
    }

    /**
     * A writer that puts file contents under {@code directory} (created if needed, or empty) and
     * lists their locations as absolute paths, so the list can be parsed from anywhere.
     *
     * @param directory the directory
     * @return a writer that puts file contents under {@code directory} (created if needed, or empty) and lists their locations as absolute paths, so the list can be parsed from anywhere
     */
    public static SpecWriter into(Path directory) {
        return new SpecWriter(Objects.requireNonNull(directory, "directory"), null);
    }

    /**
     * This writer, listing locations relative to {@code base} instead: the list must then be parsed
     * with {@code base} as its base directory (by default, the directory the list is saved in).
     *
     * @param base the directory locations are written relative to
     * @return this writer, listing locations relative to {@code base} instead: the list must then be parsed with {@code base} as its base directory (by default, the directory the list is saved in)
     */
    public SpecWriter withLocationsRelativeTo(Path base) {
        return new SpecWriter(directory, base.toAbsolutePath().normalize());
    }

    /**
     * Reads every entry of {@code reader} (to its end; it is not closed), writes file contents to
     * the directory and the list to {@code list} (flushed, not closed).
     *
     * @param reader the reader
     * @param list the list
     * @throws IOException if reading or writing fails
     */
    public void write(EntryReader reader, Writer list) throws IOException {
        MirrorDirectory mirror = MirrorDirectory.create(directory);
        List<Object> pending = new ArrayList<>(); // SpecLine or FileGroup, null where a group moved on
        LinkTable<FileGroup> groups = new LinkTable<>();
        for (CpioEntry entry = reader.next(); entry != null; entry = reader.next()) {
            if (entry.isTrailer()) {
                groups.endArchive(); // link keys mean nothing across archives
                continue;
            }
            String name = listName(entry);
            EntryType type = entry.type();
            if (type == EntryType.REGULAR) {
                addFile(entry, name, reader, mirror, pending, groups);
            } else {
                pending.add(line(entry, name, type, reader));
            }
        }
        list.write("# gen_init_cpio file list written by remaster\n");
        for (Object item : pending) {
            if (item != null) {
                SpecLine line = item instanceof FileGroup group ? group.line(this) : (SpecLine) item;
                list.write(line.toText());
                list.write('\n');
            }
        }
        list.flush();
    }

    private static String listName(CpioEntry entry) throws CpioFormatException {
        if (!entry.hasUtf8Name()) {
            throw unwritable(entry, "its name is not valid UTF-8");
        }
        String name = "/" + entry.name();
        String why = SpecSyntax.whyNotToken(entry.name());
        if (why != null) {
            throw unwritable(entry, "its name " + why);
        }
        return name;
    }

    private static SpecLine line(CpioEntry entry, String name, EntryType type, EntryReader reader)
            throws IOException {
        int perms = entry.permissions();
        try {
            switch (type) {
                case DIRECTORY:
                    return new SpecLine.Directory(0, name, perms, entry.uid(), entry.gid());
                case CHAR_DEVICE:
                case BLOCK_DEVICE:
                    return new SpecLine.DeviceNode(0, name, perms, entry.uid(), entry.gid(), type,
                            entry.rdevMajor(), entry.rdevMinor());
                case SYMLINK:
                    return new SpecLine.Symlink(0, name, target(entry, reader), perms, entry.uid(), entry.gid());
                case FIFO:
                    return new SpecLine.Pipe(0, name, perms, entry.uid(), entry.gid());
                case SOCKET:
                    return new SpecLine.Socket(0, name, perms, entry.uid(), entry.gid());
                default:
                    throw unwritable(entry, "its mode 0" + Integer.toOctalString(entry.mode()) + " names no file type");
            }
        } catch (IllegalArgumentException e) {
            throw unwritable(entry, e.getMessage());
        }
    }

    /** A link's target from the entry, or from its data when the reader did not keep it there. */
    private static String target(CpioEntry entry, EntryReader reader) throws IOException {
        if (entry.linkTarget().isPresent()) {
            return entry.linkTarget().get();
        }
        InputStream data = reader.data();
        byte[] bytes = data.readNBytes(64 * 1024 + 1);
        int n = bytes.length;
        if (n > 0 && bytes[n - 1] == 0) {
            n--;
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    private void addFile(CpioEntry entry, String name, EntryReader reader, MirrorDirectory mirror,
            List<Object> pending, LinkTable<FileGroup> groups) throws IOException {
        FileGroup group = groups.existing(entry);
        if (group == null) {
            String why = MirrorDirectory.whyNotMirrorable(entry.name());
            if (why != null) {
                throw unwritable(entry, "its content cannot be written under the directory: its name " + why);
            }
            FileGroup made = new FileGroup(entry, mirror.claim(entry.name()));
            group = made;
            if (entry.isHardLinked()) {
                groups.of(entry, first -> made);
            }
        } else {
            pending.set(group.position, null);
            group.names.add(name);
        }
        group.position = pending.size();
        pending.add(group);
        if (entry.size() > 0) {
            try (OutputStream out = mirror.overwrite(group.slot)) {
                reader.data().transferTo(out);
            }
        }
        mirror.setMtime(group.slot, entry.mtime());
    }

    private String location(MirrorDirectory.Slot slot) {
        return locationBase == null ? slot.path().toString() : locationBase.relativize(slot.path()).toString();
    }

    private static CpioFormatException unwritable(CpioEntry entry, String why) {
        return new CpioFormatException(null, entry.headerOffset(), null, entry.name(),
                "cannot be written in a gen_init_cpio list: " + why);
    }

    /** A regular file and its further hard links, as one {@code file} line. */
    private static final class FileGroup {
        final CpioEntry first;
        final MirrorDirectory.Slot slot;
        final List<String> names = new ArrayList<>();
        int position;

        FileGroup(CpioEntry first, MirrorDirectory.Slot slot) {
            this.first = first;
            this.slot = slot;
            this.names.add("/" + first.name());
        }

        SpecLine line(SpecWriter writer) throws CpioFormatException {
            SpecLine.RegularFile line = new SpecLine.RegularFile(0, names.get(0), writer.location(slot),
                    first.permissions(), first.uid(), first.gid(), names.subList(1, names.size()));
            try {
                line.toText();
            } catch (IllegalStateException e) {
                throw unwritable(first, e.getMessage());
            }
            return line;
        }
    }
}
