package dev.remaster.squashfs;

import java.io.IOException;
import java.net.URI;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.ProviderMismatchException;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A path in a squashfs image: names separated by {@code /}, absolute when it starts with one. */
final class SquashfsPath implements Path {
    private final SquashfsFileSystem fs;
    private final boolean absolute;
    private final String[] names;

    SquashfsPath(SquashfsFileSystem fs, boolean absolute, String[] names) {
        this.fs = fs;
        this.absolute = absolute;
        this.names = names;
    }

    static SquashfsPath parse(SquashfsFileSystem fs, String first, String... more) {
        StringBuilder sb = new StringBuilder(first);
        for (String m : more) {
            if (!m.isEmpty()) {
                if (sb.length() > 0) {
                    sb.append('/');
                }
                sb.append(m);
            }
        }
        String joined = sb.toString();
        if (joined.indexOf('\0') >= 0) {
            throw new java.nio.file.InvalidPathException(joined, "a name cannot hold a NUL");
        }
        List<String> parts = new ArrayList<>();
        for (String part : joined.split("/")) {
            if (!part.isEmpty()) {
                parts.add(part);
            }
        }
        return new SquashfsPath(fs, joined.startsWith("/"), parts.toArray(String[]::new));
    }

    /** The path inside the image, for the reader: names joined by {@code /}, without a leading one. */
    String inImage() {
        return String.join("/", ((SquashfsPath) normalize().toAbsolutePath()).names);
    }

    private SquashfsPath check(Path other) {
        if (!(other instanceof SquashfsPath p) || p.fs != fs) {
            throw new ProviderMismatchException("not a path of " + fs + ": " + other);
        }
        return p;
    }

    @Override
    public SquashfsFileSystem getFileSystem() {
        return fs;
    }

    @Override
    public boolean isAbsolute() {
        return absolute;
    }

    @Override
    public Path getRoot() {
        return absolute ? new SquashfsPath(fs, true, new String[0]) : null;
    }

    @Override
    public Path getFileName() {
        return names.length == 0 ? null : new SquashfsPath(fs, false, new String[] {names[names.length - 1]});
    }

    @Override
    public Path getParent() {
        if (names.length == 0 || names.length == 1 && !absolute) {
            return null;
        }
        return new SquashfsPath(fs, absolute, Arrays.copyOf(names, names.length - 1));
    }

    @Override
    public int getNameCount() {
        return names.length;
    }

    @Override
    public Path getName(int index) {
        if (index < 0 || index >= names.length) {
            throw new IllegalArgumentException("name " + index + " of " + names.length);
        }
        return new SquashfsPath(fs, false, new String[] {names[index]});
    }

    @Override
    public Path subpath(int beginIndex, int endIndex) {
        if (beginIndex < 0 || endIndex > names.length || beginIndex >= endIndex) {
            throw new IllegalArgumentException("names " + beginIndex + " to " + endIndex + " of " + names.length);
        }
        return new SquashfsPath(fs, false, Arrays.copyOfRange(names, beginIndex, endIndex));
    }

    @Override
    public boolean startsWith(Path other) {
        if (!(other instanceof SquashfsPath p) || p.fs != fs || p.absolute != absolute || p.names.length > names.length) {
            return false;
        }
        return Arrays.equals(names, 0, p.names.length, p.names, 0, p.names.length);
    }

    @Override
    public boolean endsWith(Path other) {
        if (!(other instanceof SquashfsPath p) || p.fs != fs || p.names.length > names.length
                || p.absolute && (!absolute || p.names.length != names.length)) {
            return false;
        }
        return Arrays.equals(names, names.length - p.names.length, names.length, p.names, 0, p.names.length);
    }

    @Override
    public Path normalize() {
        List<String> out = new ArrayList<>();
        for (String n : names) {
            if (n.equals(".")) {
                continue;
            }
            if (n.equals("..") && !out.isEmpty() && !out.get(out.size() - 1).equals("..")) {
                out.remove(out.size() - 1);
            } else if (!(n.equals("..") && absolute)) {
                out.add(n);
            }
        }
        return new SquashfsPath(fs, absolute, out.toArray(String[]::new));
    }

    @Override
    public Path resolve(Path other) {
        SquashfsPath p = check(other);
        if (p.absolute) {
            return p;
        }
        String[] joined = Arrays.copyOf(names, names.length + p.names.length);
        System.arraycopy(p.names, 0, joined, names.length, p.names.length);
        return new SquashfsPath(fs, absolute, joined);
    }

    @Override
    public Path relativize(Path other) {
        SquashfsPath p = check(other);
        if (p.absolute != absolute) {
            throw new IllegalArgumentException("one path is absolute and the other not: " + this + ", " + other);
        }
        int common = 0;
        while (common < names.length && common < p.names.length && names[common].equals(p.names[common])) {
            common++;
        }
        List<String> out = new ArrayList<>();
        for (int i = common; i < names.length; i++) {
            out.add("..");
        }
        out.addAll(Arrays.asList(p.names).subList(common, p.names.length));
        return new SquashfsPath(fs, false, out.toArray(String[]::new));
    }

    @Override
    public URI toUri() {
        return URI.create(SquashfsFileSystemProvider.SCHEME + ":" + fs.image().toUri() + "!"
                + ((SquashfsPath) toAbsolutePath()).toString());
    }

    @Override
    public Path toAbsolutePath() {
        return absolute ? this : new SquashfsPath(fs, true, names);
    }

    @Override
    public Path toRealPath(LinkOption... options) throws IOException {
        SquashfsPath real = (SquashfsPath) toAbsolutePath().normalize();
        if (fs.inode(real, options.length == 0) == null) {
            throw new NoSuchFileException(toString());
        }
        return real;
    }

    @Override
    public WatchKey register(WatchService watcher, WatchEvent.Kind<?>[] events, WatchEvent.Modifier... modifiers) {
        throw new UnsupportedOperationException("a squashfs image does not change: nothing to watch");
    }

    @Override
    public int compareTo(Path other) {
        return toString().compareTo(check(other).toString());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SquashfsPath p && p.fs == fs && p.absolute == absolute && Arrays.equals(p.names, names);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(names) * 31 + (absolute ? 1 : 0);
    }

    @Override
    public String toString() {
        String joined = String.join("/", names);
        return absolute ? "/" + joined : joined;
    }
}
