package dev.remaster.overlay;

import dev.remaster.cpio.EntryType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code unix} attribute view of an image's file system, answered from what the written image
 * will say ({@link EditableImage#metadata}) rather than from jimfs's placeholders: {@code uid},
 * {@code gid}, {@code mode} (type bits and setuid, setgid, sticky included), {@code rdev} (Linux
 * encoding of major and minor), {@code nlink}, {@code ino}, {@code dev}, {@code mtime} (seconds, as
 * in the cpio header) and {@code lastModifiedTime}. {@code uid}, {@code gid}, {@code mode} and
 * {@code mtime} can be set, and are written to the image.
 */
final class ImageAttributes {
    static final String VIEW = "unix";
    private static final List<String> NAMES = List.of("uid", "gid", "mode", "rdev", "nlink", "ino", "dev", "mtime",
            "lastModifiedTime", "size", "isRegularFile", "isDirectory", "isSymbolicLink", "isOther");

    private ImageAttributes() {
    }

    /** The attributes named by {@code names} ({@code *} or a comma list, without the view prefix). */
    static Map<String, Object> read(EditableImage image, Path jimfsPath, String names, LinkOption... options)
            throws IOException {
        EntryMetadata m = image.metadata(jimfsPath.toAbsolutePath().toString());
        Map<String, Object> jimfs = Files.readAttributes(jimfsPath, "unix:nlink,ino,dev", options);
        Map<String, Object> all = new LinkedHashMap<>();
        all.put("uid", (int) m.uid());
        all.put("gid", (int) m.gid());
        all.put("mode", m.mode());
        all.put("rdev", rdev(m.rdevMajor(), m.rdevMinor()));
        all.put("nlink", jimfs.get("nlink"));
        all.put("ino", jimfs.get("ino"));
        all.put("dev", jimfs.get("dev"));
        all.put("mtime", m.mtime());
        all.put("lastModifiedTime", FileTime.fromMillis(m.mtime() * 1000));
        all.put("size", m.size());
        all.put("isRegularFile", m.type() == EntryType.REGULAR);
        all.put("isDirectory", m.type() == EntryType.DIRECTORY);
        all.put("isSymbolicLink", m.type() == EntryType.SYMLINK);
        all.put("isOther", m.type() != EntryType.REGULAR && m.type() != EntryType.DIRECTORY
                && m.type() != EntryType.SYMLINK);
        if (names.equals("*")) {
            return all;
        }
        Map<String, Object> asked = new LinkedHashMap<>();
        for (String name : names.split(",")) {
            if (!all.containsKey(name)) {
                throw new IllegalArgumentException("no attribute unix:" + name + " (there are " + NAMES + ")");
            }
            asked.put(name, all.get(name));
        }
        return asked;
    }

    /**
     * Sets {@code uid}, {@code gid}, {@code mode} (permission bits with setuid, setgid and sticky;
     * type bits, if given, must be the entry's) or {@code mtime}/{@code lastModifiedTime}.
     */
    static void set(EditableImage image, Path jimfsPath, String name, Object value) throws IOException {
        String path = jimfsPath.toAbsolutePath().toString();
        EntryMetadata m = image.metadata(path);
        switch (name) {
            case "uid" -> image.setOwner(path, number(name, value), m.gid());
            case "gid" -> image.setOwner(path, m.uid(), number(name, value));
            case "mode" -> {
                long mode = number(name, value);
                if ((mode & ~07777) != 0 && (mode & ~07777) != (m.mode() & ~07777)) {
                    throw new IllegalArgumentException("unix:mode 0" + Long.toOctalString(mode)
                            + " changes the file type of " + path + " (0" + Integer.toOctalString(m.mode()) + ")");
                }
                image.setMode(path, (int) (mode & 07777));
            }
            case "mtime" -> image.setMtime(path, number(name, value));
            case "lastModifiedTime" -> {
                if (!(value instanceof FileTime t)) {
                    throw new ClassCastException("unix:lastModifiedTime must be a FileTime, not " + value);
                }
                image.setMtime(path, Math.floorDiv(t.toMillis(), 1000));
            }
            default -> throw new IllegalArgumentException("unix:" + name + " cannot be set (uid, gid, mode, mtime and "
                    + "lastModifiedTime can)");
        }
    }

    private static long number(String name, Object value) {
        if (value instanceof Number n) {
            return n.longValue();
        }
        throw new ClassCastException("unix:" + name + " must be a number, not " + value);
    }

    /** Linux's {@code makedev}. */
    static long rdev(long major, long minor) {
        return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xffL) << 12) | ((major & ~0xfffL) << 32);
    }
}
