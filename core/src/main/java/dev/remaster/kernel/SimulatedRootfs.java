package dev.remaster.kernel;

import dev.remaster.cpio.EntryType;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The tree the kernel's unpacker builds in the rootfs, reduced to what its rules depend on: which
 * paths exist, their type, a symbolic link's target, a device's numbers, and how many entries each
 * directory holds. File data is never kept, so memory grows with the number of paths only.
 *
 * <p>Paths are kept as Latin-1 strings of the names' bytes, so that every byte survives, and in a
 * canonical form: components joined by {@code /}, relative to the root, which is the empty string.
 * Names are resolved the way the unpacker's system calls resolve them, from the root (the
 * unpacker's working directory): {@code .} and empty components are ignored, {@code ..} goes up,
 * symbolic links in the middle of a path are followed (a final one is not: the unpacker removes
 * or replaces it).
 */
final class SimulatedRootfs {
    /** The most symbolic links followed while resolving one path, as Linux allows. */
    private static final int MAX_SYMLINKS = 40;

    /** One path of the tree. */
    static final class Node {
        final EntryType type;
        final String target;
        final long rdevMajor;
        final long rdevMinor;
        int children;

        Node(EntryType type, String target, long rdevMajor, long rdevMinor) {
            this.type = type;
            this.target = target;
            this.rdevMajor = rdevMajor;
            this.rdevMinor = rdevMinor;
        }
    }

    /**
     * Where a name leads.
     *
     * @param path the canonical path the name creates or replaces, or {@code null} on failure
     * @param directoryReference whether the name ends in {@code .} or {@code ..} (or is empty), so
     *     that it names an existing directory rather than a new entry
     * @param failure {@link LintCode#PARENT_MISSING} or {@link LintCode#PARENT_NOT_DIRECTORY} when a
     *     directory on the way does not resolve, else {@code null}
     * @param failedAt the canonical path at which resolution failed
     */
    record Location(String path, boolean directoryReference, LintCode failure, String failedAt) {
        static Location failed(LintCode failure, String at) {
            return new Location(null, false, failure, at);
        }
    }

    private final Map<String, Node> nodes = new HashMap<>();

    SimulatedRootfs() {
        nodes.put("", new Node(EntryType.DIRECTORY, null, 0, 0));
    }

    /** Resolves {@code name} (an entry's name, as a Latin-1 string of its bytes). */
    Location locate(String name) {
        List<String> parts = split(name);
        String last = parts.isEmpty() ? "." : parts.get(parts.size() - 1);
        if (last.equals(".") || last.equals("..")) {
            Walk w = walk("", parts, new int[] {MAX_SYMLINKS});
            return w.failure != null ? Location.failed(w.failure, w.at) : new Location(w.at, true, null, null);
        }
        Walk w = walk("", parts.subList(0, parts.size() - 1), new int[] {MAX_SYMLINKS});
        if (w.failure != null) {
            return Location.failed(w.failure, w.at);
        }
        return new Location(child(w.at, last), false, null, null);
    }

    /** The node at canonical {@code path}, or {@code null}. */
    Node get(String path) {
        return nodes.get(path);
    }

    /** Adds {@code node} at {@code path}, whose parent exists and which is free. */
    void put(String path, Node node) {
        nodes.put(path, node);
        nodes.get(parent(path)).children++;
    }

    /**
     * Removes {@code path} as unlink or rmdir would.
     *
     * @return false when it is a directory that is not empty (and stays)
     */
    boolean remove(String path) {
        Node n = nodes.get(path);
        if (n == null) {
            return true;
        }
        if (n.type == EntryType.DIRECTORY && n.children > 0) {
            return false;
        }
        nodes.remove(path);
        nodes.get(parent(path)).children--;
        return true;
    }

    private record Walk(String at, LintCode failure) {
    }

    /** Resolves every component of {@code parts} from {@code start}; each must be a directory. */
    private Walk walk(String start, List<String> parts, int[] symlinkBudget) {
        String current = start;
        for (String part : parts) {
            if (part.equals(".")) {
                continue;
            }
            if (part.equals("..")) {
                current = parent(current);
                continue;
            }
            String next = child(current, part);
            Node n = nodes.get(next);
            if (n == null) {
                return new Walk(next, LintCode.PARENT_MISSING);
            }
            if (n.type == EntryType.SYMLINK) {
                if (--symlinkBudget[0] < 0) {
                    return new Walk(next, LintCode.PARENT_MISSING);
                }
                String base = n.target.startsWith("/") ? "" : current;
                Walk via = walk(base, split(n.target), symlinkBudget);
                if (via.failure != null) {
                    return via;
                }
                current = via.at;
                continue;
            }
            if (n.type != EntryType.DIRECTORY) {
                return new Walk(next, LintCode.PARENT_NOT_DIRECTORY);
            }
            current = next;
        }
        return new Walk(current, null);
    }

    private static List<String> split(String name) {
        List<String> parts = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= name.length(); i++) {
            if (i == name.length() || name.charAt(i) == '/') {
                if (i > start) {
                    parts.add(name.substring(start, i));
                }
                start = i + 1;
            }
        }
        return parts;
    }

    private static String child(String dir, String name) {
        return dir.isEmpty() ? name : dir + "/" + name;
    }

    /** The parent of a canonical path; the root is its own parent. */
    static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 ? "" : path.substring(0, slash);
    }
}
