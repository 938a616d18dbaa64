package dev.remaster.script;

import dev.remaster.overlay.AppendScope;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What a list of edits needs of an image to be appended as a new segment ({@link AppendScope}):
 * a put file, a symbolic link or a node needs the directory it goes into (it is a new entry, which
 * the kernel applies over whatever stands at its path); a directory put needs each directory it
 * merges with, and {@code mkdir} the directory it names (their headers are kept when they exist);
 * a mode or owner change of a path of the image, or a removal, needs every entry. A change of a
 * path that an earlier edit of the list made needs nothing more.
 */
final class AppendScopes {
    private AppendScopes() {
    }

    static AppendScope of(List<? extends EditOperation> edits) throws IOException {
        List<String> dirs = new ArrayList<>();
        Set<String> made = new HashSet<>();
        Set<String> madeTrees = new HashSet<>();
        for (EditOperation op : edits) {
            if (op instanceof EditOperation.Put put) {
                String path = absolute(put.path());
                dirs.add(parentOf(path));
                if (Files.isDirectory(put.source(), LinkOption.NOFOLLOW_LINKS)) {
                    try (Stream<Path> walk = Files.walk(put.source())) {
                        for (Path p : (Iterable<Path>) walk::iterator) {
                            if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                                String rel = put.source().relativize(p).toString();
                                dirs.add(rel.isEmpty() ? path : path + "/" + rel);
                            }
                        }
                    }
                    madeTrees.add(path);
                } else {
                    made.add(path);
                }
            } else if (op instanceof EditOperation.MakeDirectory mk) {
                String path = absolute(mk.path());
                dirs.add(path);
                made.add(path);
            } else if (op instanceof EditOperation.Symlink s) {
                String path = absolute(s.path());
                dirs.add(parentOf(path));
                made.add(path);
            } else if (op instanceof EditOperation.MakeNode n) {
                String path = absolute(n.path());
                dirs.add(parentOf(path));
                made.add(path);
            } else if (op instanceof EditOperation.ChangeMode c) {
                if (!isMade(absolute(c.path()), made, madeTrees)) {
                    return AppendScope.whole();
                }
            } else if (op instanceof EditOperation.ChangeOwner c) {
                if (!isMade(absolute(c.path()), made, madeTrees)) {
                    return AppendScope.whole();
                }
            } else {
                return AppendScope.whole();
            }
        }
        return new AppendScope(dirs, false);
    }

    /** The path without "." components or repeated and trailing slashes; ".." is kept for the reader to refuse. */
    private static String absolute(String path) {
        StringBuilder out = new StringBuilder();
        for (String part : path.split("/")) {
            if (!part.isEmpty() && !part.equals(".")) {
                out.append('/').append(part);
            }
        }
        return out.length() == 0 ? "/" : out.toString();
    }

    private static boolean isMade(String path, Set<String> made, Set<String> madeTrees) {
        if (made.contains(path)) {
            return true;
        }
        for (String p = path; ; p = parentOf(p)) {
            if (madeTrees.contains(p)) {
                return true;
            }
            if (p.equals("/")) {
                return false;
            }
        }
    }

    private static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }
}
