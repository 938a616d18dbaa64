package dev.remaster.spec;

import dev.remaster.cpio.EntryType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * One entry line of a gen_init_cpio file list: an immutable value, one record per keyword.
 *
 * <p>Names are kept as written, a leading {@code /} included; {@link SpecArchiver} removes one
 * leading {@code /} as gen_init_cpio does. Modes are permission bits only ({@code 07777}: setuid,
 * setgid and sticky included); the keyword gives the type. Owners and device numbers are unsigned
 * 32-bit values, as the newc header stores them.
 *
 * <p>Every record checks its fields so that it can always be written back as one line: names and
 * link targets are non-empty and hold no field separator (space, tab, newline, vertical tab, form
 * feed, carriage return). Constructors throw {@link IllegalArgumentException} otherwise.
 */
public sealed interface SpecLine {
    /**
     * The 1-based number of the line this was read from, or 0 for a line made in code.
     *
     * @return the 1-based number of the line this was read from, or 0 for a line made in code
     */
    int lineNumber();

    /**
     * The name of the entry as written (for a {@code file} with hard links, the first name).
     *
     * @return the name of the entry as written (for a {@code file} with hard links, the first name)
     */
    String name();

    /**
     * The permission bits, {@code 07777} at most.
     *
     * @return the permission bits, {@code 07777} at most
     */
    int permissions();

    /**
     * Numeric owner.
     *
     * @return numeric owner
     */
    long uid();

    /**
     * Numeric group.
     *
     * @return numeric group
     */
    long gid();

    /**
     * The line's keyword: {@code file}, {@code dir}, {@code nod}, {@code slink}, {@code pipe} or {@code sock}.
     *
     * @return the line's keyword: {@code file}, {@code dir}, {@code nod}, {@code slink}, {@code pipe} or {@code sock}
     */
    String keyword();

    /**
     * The type of entry the line stands for.
     *
     * @return the type of entry the line stands for
     */
    EntryType type();

    /**
     * The line as gen_init_cpio reads it, without a line terminator.
     *
     * @throws IllegalStateException for a {@code file} whose location cannot be written back (it
     *     came from a variable whose value holds a separator, or it holds {@code ${...}})
     * @return the line as gen_init_cpio reads it, without a line terminator
     */
    String toText();

    /**
     * {@code file <name> <location> <mode> <uid> <gid> [<hard links>...]}: a regular file whose
     * content is read from {@code location}; every further name is a hard link to it.
     *
     * @param location the path of the content on disk, with {@code ${VAR}} already expanded;
     *     relative paths are resolved against the list's base directory
     * @param links the further names of the same file, in order (the data goes with the last)
     */
    record RegularFile(int lineNumber, String name, String location, int permissions, long uid, long gid,
            List<String> links) implements SpecLine {
        /**
         * Checks the components and keeps unmodifiable copies of the lists.
         *
         * @param lineNumber the line number
         * @param name the name
         * @param location the path of the content on disk, with {@code ${VAR}} already expanded;
         *     relative paths are resolved against the list's base directory
         * @param permissions the permissions
         * @param uid the uid
         * @param gid the gid
         * @param links the further names of the same file, in order (the data goes with the last)
         * @throws IllegalArgumentException if a component is out of range
         */
        public RegularFile {
            SpecSyntax.requireToken("name", name);
            Objects.requireNonNull(location, "location");
            if (location.isEmpty()) {
                throw new IllegalArgumentException("location may not be empty");
            }
            SpecSyntax.requirePermissions(permissions);
            SpecSyntax.requireU32("uid", uid);
            SpecSyntax.requireU32("gid", gid);
            links = List.copyOf(links);
            for (String link : links) {
                SpecSyntax.requireToken("hard link name", link);
            }
        }

        /**
         * A file line without hard links.
         *
         * @param lineNumber the line number
         * @param name the entry name
         * @param location the location
         * @param permissions the permission bits, such as 0644 (setuid, setgid and sticky included)
         * @param uid the owner's user id
         * @param gid the owner's group id
         */
        public RegularFile(int lineNumber, String name, String location, int permissions, long uid, long gid) {
            this(lineNumber, name, location, permissions, uid, gid, List.of());
        }

        /**
         * Every name of the file: {@link #name()} and then {@link #links()}.
         *
         * @return every name of the file: {@link #name()} and then {@link #links()}
         */
        public List<String> names() {
            List<String> all = new ArrayList<>(links.size() + 1);
            all.add(name);
            all.addAll(links);
            return Collections.unmodifiableList(all);
        }

        @Override
        public String keyword() {
            return "file";
        }

        @Override
        public EntryType type() {
            return EntryType.REGULAR;
        }

        @Override
        public String toText() {
            String why = SpecSyntax.whyNotToken(location);
            if (why == null && LocationVariables.wouldExpand(location)) {
                why = "holds ${...}, which gen_init_cpio would replace by a variable's value";
            }
            if (why != null) {
                throw new IllegalStateException("location '" + SpecSyntax.printable(location) + "' of '"
                        + name + "' " + why);
            }
            StringBuilder sb = new StringBuilder("file ").append(name).append(' ').append(location).append(' ')
                    .append(SpecSyntax.octal(permissions)).append(' ').append(uid).append(' ').append(gid);
            for (String link : links) {
                sb.append(' ').append(link);
            }
            return sb.toString();
        }
    }

    /** {@code dir <name> <mode> <uid> <gid>}: a directory. */
    record Directory(int lineNumber, String name, int permissions, long uid, long gid) implements SpecLine {
        /**
         * Checks the components.
         *
         * @param lineNumber the line number
         * @param name the name
         * @param permissions the permissions
         * @param uid the uid
         * @param gid the gid
         */
        public Directory {
            SpecSyntax.requireNode(name, permissions, uid, gid);
        }

        @Override
        public String keyword() {
            return "dir";
        }

        @Override
        public EntryType type() {
            return EntryType.DIRECTORY;
        }

        @Override
        public String toText() {
            return SpecSyntax.nodeLine(keyword(), name, permissions, uid, gid);
        }
    }

    /**
     * {@code nod <name> <mode> <uid> <gid> <dev type> <maj> <min>}: a device node.
     *
     * @param type {@link EntryType#BLOCK_DEVICE} ({@code b}) or {@link EntryType#CHAR_DEVICE} ({@code c})
     */
    record DeviceNode(int lineNumber, String name, int permissions, long uid, long gid, EntryType type,
            long major, long minor) implements SpecLine {
        /**
         * Checks the components.
         *
         * @param lineNumber the line number
         * @param name the name
         * @param permissions the permissions
         * @param uid the uid
         * @param gid the gid
         * @param type {@link EntryType#BLOCK_DEVICE} ({@code b}) or {@link EntryType#CHAR_DEVICE} ({@code c})
         * @param major the major
         * @param minor the minor
         * @throws IllegalArgumentException if a component is out of range
         */
        public DeviceNode {
            SpecSyntax.requireNode(name, permissions, uid, gid);
            if (type == null || !type.isDevice()) {
                throw new IllegalArgumentException("type (" + type + ") must be BLOCK_DEVICE or CHAR_DEVICE");
            }
            SpecSyntax.requireU32("major", major);
            SpecSyntax.requireU32("minor", minor);
        }

        @Override
        public String keyword() {
            return "nod";
        }

        @Override
        public String toText() {
            return SpecSyntax.nodeLine(keyword(), name, permissions, uid, gid) + ' '
                    + (type == EntryType.BLOCK_DEVICE ? 'b' : 'c') + ' ' + major + ' ' + minor;
        }
    }

    /** {@code slink <name> <target> <mode> <uid> <gid>}: a symbolic link to {@code target}. */
    record Symlink(int lineNumber, String name, String target, int permissions, long uid, long gid)
            implements SpecLine {
        /**
         * Checks the components.
         *
         * @param lineNumber the line number
         * @param name the name
         * @param target the target
         * @param permissions the permissions
         * @param uid the uid
         * @param gid the gid
         */
        public Symlink {
            SpecSyntax.requireNode(name, permissions, uid, gid);
            SpecSyntax.requireToken("link target", target);
        }

        @Override
        public String keyword() {
            return "slink";
        }

        @Override
        public EntryType type() {
            return EntryType.SYMLINK;
        }

        @Override
        public String toText() {
            return "slink " + name + ' ' + target + ' ' + SpecSyntax.octal(permissions) + ' ' + uid + ' ' + gid;
        }
    }

    /** {@code pipe <name> <mode> <uid> <gid>}: a named pipe (fifo). */
    record Pipe(int lineNumber, String name, int permissions, long uid, long gid) implements SpecLine {
        /**
         * Checks the components.
         *
         * @param lineNumber the line number
         * @param name the name
         * @param permissions the permissions
         * @param uid the uid
         * @param gid the gid
         */
        public Pipe {
            SpecSyntax.requireNode(name, permissions, uid, gid);
        }

        @Override
        public String keyword() {
            return "pipe";
        }

        @Override
        public EntryType type() {
            return EntryType.FIFO;
        }

        @Override
        public String toText() {
            return SpecSyntax.nodeLine(keyword(), name, permissions, uid, gid);
        }
    }

    /** {@code sock <name> <mode> <uid> <gid>}: a Unix domain socket. */
    record Socket(int lineNumber, String name, int permissions, long uid, long gid) implements SpecLine {
        /**
         * Checks the components.
         *
         * @param lineNumber the line number
         * @param name the name
         * @param permissions the permissions
         * @param uid the uid
         * @param gid the gid
         */
        public Socket {
            SpecSyntax.requireNode(name, permissions, uid, gid);
        }

        @Override
        public String keyword() {
            return "sock";
        }

        @Override
        public EntryType type() {
            return EntryType.SOCKET;
        }

        @Override
        public String toText() {
            return SpecSyntax.nodeLine(keyword(), name, permissions, uid, gid);
        }
    }
}
