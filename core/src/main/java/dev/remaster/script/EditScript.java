package dev.remaster.script;

import dev.remaster.cpio.EntryType;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Parses edit operations: the arguments of {@code remaster edit}'s options and the lines of an
 * edit script. A script has one operation a line, fields separated by white space, {@code #}
 * comments and blank lines ignored:
 *
 * <pre>
 * put     SRC PATH [MODE [UID:GID]]   # copy a file or directory from disk
 * rm      PATH                        # remove, recursively
 * mkdir   PATH [MODE [UID:GID]]
 * symlink PATH TARGET
 * mknod   PATH c|b MAJOR MINOR [MODE [UID:GID]]
 * mknod   PATH p|s [MODE [UID:GID]]
 * chmod   PATH MODE                   # octal, e.g. 4755
 * chown   PATH UID:GID
 * </pre>
 *
 * Relative {@code SRC} paths are resolved against the script's directory.
 */
public final class EditScript {
    private EditScript() {
    }

    /**
     * The operations of the script file {@code file}.
     *
     * @param file the file
     * @return the operations of the script file {@code file}
     * @throws IOException if reading or writing fails
     */
    public static List<EditOperation> parse(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Path base = file.toAbsolutePath().getParent();
        List<EditOperation> ops = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            int hash = line.indexOf('#');
            if (hash >= 0) {
                line = line.substring(0, hash).strip();
            }
            if (line.isEmpty()) {
                continue;
            }
            try {
                ops.add(parseLine(line.split("\\s+"), base));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return ops;
    }

    /**
     * One operation from its words, such as {@code ["chmod", "/bin/su", "4755"]}.
     *
     * @param w the line's words, the operation first
     * @param base the directory that relative source files are resolved against
     * @return one operation from its words, such as {@code ["chmod", "/bin/su", "4755"]}
     */
    public static EditOperation parseLine(String[] w, Path base) {
        String op = w[0];
        switch (op) {
            case "put":
                need(w, 3, 5, "put SRC PATH [MODE [UID:GID]]");
                return new EditOperation.Put(base.resolve(w[1]), absolute(w[2]), w.length > 3 ? mode(w[3]) : null,
                        w.length > 4 ? owner(w[4])[0] : null, w.length > 4 ? owner(w[4])[1] : null);
            case "rm":
                need(w, 2, 2, "rm PATH");
                return new EditOperation.Remove(absolute(w[1]));
            case "mkdir":
                need(w, 2, 4, "mkdir PATH [MODE [UID:GID]]");
                return new EditOperation.MakeDirectory(absolute(w[1]), w.length > 2 ? mode(w[2]) : null,
                        w.length > 3 ? owner(w[3])[0] : null, w.length > 3 ? owner(w[3])[1] : null);
            case "symlink":
                need(w, 3, 3, "symlink PATH TARGET");
                return new EditOperation.Symlink(absolute(w[1]), w[2]);
            case "mknod":
                return mknod(w);
            case "chmod":
                need(w, 3, 3, "chmod PATH MODE");
                return new EditOperation.ChangeMode(absolute(w[1]), mode(w[2]));
            case "chown":
                need(w, 3, 3, "chown PATH UID:GID");
                long[] o = owner(w[2]);
                return new EditOperation.ChangeOwner(absolute(w[1]), o[0], o[1]);
            default:
                throw new IllegalArgumentException("unknown operation '" + op
                        + "' (expected put, rm, mkdir, symlink, mknod, chmod or chown)");
        }
    }

    private static EditOperation mknod(String[] w) {
        if (w.length < 3) {
            throw new IllegalArgumentException("usage: mknod PATH c|b MAJOR MINOR [MODE [UID:GID]] or mknod PATH p|s [MODE [UID:GID]]");
        }
        EntryType type = switch (w[2]) {
            case "c" -> EntryType.CHAR_DEVICE;
            case "b" -> EntryType.BLOCK_DEVICE;
            case "p" -> EntryType.FIFO;
            case "s" -> EntryType.SOCKET;
            default -> throw new IllegalArgumentException("mknod type '" + w[2] + "' must be c, b, p or s");
        };
        int i = 3;
        long major = 0;
        long minor = 0;
        if (type.isDevice()) {
            need(w, 5, 7, "mknod PATH c|b MAJOR MINOR [MODE [UID:GID]]");
            major = number(w[3], "major");
            minor = number(w[4], "minor");
            i = 5;
        } else {
            need(w, 3, 5, "mknod PATH p|s [MODE [UID:GID]]");
        }
        int mode = w.length > i ? mode(w[i]) : (type.isDevice() ? 0600 : 0644);
        long[] o = w.length > i + 1 ? owner(w[i + 1]) : null;
        return new EditOperation.MakeNode(absolute(w[1]), type, major, minor, mode,
                o == null ? null : o[0], o == null ? null : o[1]);
    }

    private static void need(String[] w, int min, int max, String usage) {
        if (w.length < min || w.length > max) {
            throw new IllegalArgumentException("usage: " + usage);
        }
    }

    /**
     * An absolute image path: a leading "/" is added when missing.
     *
     * @param path the path
     * @return an absolute image path: a leading "/" is added when missing
     */
    public static String absolute(String path) {
        if (path.isEmpty()) {
            throw new IllegalArgumentException("empty path");
        }
        return path.startsWith("/") ? path : "/" + path;
    }

    /**
     * An octal mode of at most 07777.
     *
     * @param s the mode as written, such as {@code 0755}
     * @return an octal mode of at most 07777
     */
    public static int mode(String s) {
        try {
            int m = Integer.parseInt(s, 8);
            if (m < 0 || m > 07777) {
                throw new NumberFormatException();
            }
            return m;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("mode '" + s + "' is not an octal mode between 0 and 7777");
        }
    }

    /**
     * {@code UID:GID} as two numbers.
     *
     * @param s the owner as written, such as {@code 0:50}
     * @return {@code UID:GID} as two numbers
     */
    public static long[] owner(String s) {
        int colon = s.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("owner '" + s + "' must be UID:GID (numbers)");
        }
        return new long[] {number(s.substring(0, colon), "uid"), number(s.substring(colon + 1), "gid")};
    }

    private static long number(String s, String what) {
        try {
            long v = Long.parseLong(s);
            if (v < 0 || v > 0xffffffffL) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(what + " '" + s + "' is not a number from 0 to 4294967295");
        }
    }
}
