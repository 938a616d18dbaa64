package dev.remaster.extract;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The target directory, and the one way this package reaches a path inside it: from the root,
 * one component at a time, each looked at with {@code lstat} (never following a link), each
 * required to be a real directory. Nothing here follows a symbolic link, whoever made it.
 *
 * <p>Each directory is looked at once per run: a directory this run created or checked is
 * remembered, and every removal this run makes in the tree forgets them all, so that an entry of
 * the archive that replaces a checked directory by a link is still caught on the next walk.
 *
 * <p>What this does not defend against: another process that changes the target directory while
 * an extraction runs (swapping a checked directory for a link between the check and the use).
 * Java has no {@code openat}/{@code mkdirat}, so the checks are path-based; the archive itself
 * cannot race them, since entries are handled one at a time. Extract into a directory that only
 * the extracting user can write.
 */
final class TargetTree {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;
    /** Directories (relative, '/'-joined) this run created or checked since its last removal. */
    private final Map<String, Path> checked = new HashMap<>();

    private TargetTree(Path root) {
        this.root = root;
    }

    /** Forgets every checked directory: this run is about to remove something in the tree. */
    void removing() {
        checked.clear();
    }

    /**
     * The tree rooted at {@code dir}, created if missing. The caller named {@code dir}, so it is
     * trusted: it is resolved to its real path once, and everything below is checked.
     */
    static TargetTree open(Path dir) throws IOException {
        Files.createDirectories(dir);
        Path real = dir.toRealPath();
        if (!Files.isDirectory(real, NOFOLLOW)) {
            throw new NotDirectoryException(real.toString());
        }
        return new TargetTree(real);
    }

    Path root() {
        return root;
    }

    /** The attributes of {@code p} itself (a link is not followed), or {@code null} if nothing is there. */
    static BasicFileAttributes lstat(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** {@code dir} joined with one component of an entry name. */
    static Path child(Path dir, String component) throws Refusal {
        try {
            return dir.resolve(component);
        } catch (InvalidPathException e) {
            throw new Refusal("name cannot be a file name here (" + e.getReason() + "; file names are encoded as "
                    + System.getProperty("sun.jnu.encoding") + ", run Java with LANG=C.UTF-8 for UTF-8 names)");
        }
    }

    /**
     * The directory that {@code components} (relative to the root) name, checked component by
     * component: each must be a directory and none a symbolic link. With {@code create}, missing
     * components are created one at a time ({@code mkdir}, which never follows a link either),
     * each checked again after it is made.
     *
     * @throws Refusal if a component is a symbolic link or not a directory, or is missing and
     *     {@code create} is false
     */
    Path directory(List<String> components, boolean create) throws IOException, Refusal {
        if (components.isEmpty()) {
            return root;
        }
        String key = String.join("/", components);
        Path known = checked.get(key);
        if (known != null) {
            return known;
        }
        Path dir = root;
        StringBuilder prefix = new StringBuilder();
        for (int i = 0; i < components.size(); i++) {
            if (i > 0) {
                prefix.append('/');
            }
            prefix.append(components.get(i));
            Path seen = checked.get(prefix.toString());
            if (seen != null) {
                dir = seen;
                continue;
            }
            Path next = child(dir, components.get(i));
            BasicFileAttributes a = lstat(next);
            if (a == null) {
                if (!create) {
                    throw new Refusal("'" + shown(components, i) + "' does not exist");
                }
                try {
                    Files.createDirectory(next);
                } catch (FileAlreadyExistsException e) {
                    // something appeared since the lstat: look at what it is
                }
                a = lstat(next);
                if (a == null) {
                    throw new Refusal("'" + shown(components, i) + "' vanished while it was created");
                }
            }
            if (a.isSymbolicLink()) {
                throw new Refusal("'" + shown(components, i)
                        + "' is a symbolic link: nothing is written through a link");
            }
            if (!a.isDirectory()) {
                throw new Refusal("'" + shown(components, i) + "' is not a directory");
            }
            dir = next;
            checked.put(prefix.toString(), dir);
        }
        return dir;
    }

    private static String shown(List<String> components, int last) {
        return String.join("/", components.subList(0, last + 1));
    }
}
