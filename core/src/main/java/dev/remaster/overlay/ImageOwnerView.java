package dev.remaster.overlay;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileOwnerAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.List;

/**
 * The {@code owner} view of an image's entry: the owner is the entry's uid, named from the image's
 * own {@code /etc/passwd} where it lists that uid, else by its number. {@link #setOwner} takes a
 * principal named by a user of that file or by a number, and is written to the image.
 */
final class ImageOwnerView implements FileOwnerAttributeView {
    private final OverlayPath path;

    ImageOwnerView(OverlayPath path) {
        this.path = path;
    }

    @Override
    public String name() {
        return "owner";
    }

    @Override
    public UserPrincipal getOwner() throws IOException {
        OverlayFileSystem fs = path.getFileSystem();
        synchronized (fs.lock()) {
            long uid = fs.image().metadata(path.delegate().toAbsolutePath().toString()).uid();
            String name = nameOf(fs, uid);
            return new ImageUser(name == null ? Long.toString(uid) : name, uid);
        }
    }

    @Override
    public void setOwner(UserPrincipal owner) throws IOException {
        OverlayFileSystem fs = path.getFileSystem();
        if (fs.isReadOnly()) {
            throw new java.nio.file.ReadOnlyFileSystemException();
        }
        synchronized (fs.lock()) {
            long uid = owner instanceof ImageUser u ? u.uid() : uidOf(fs, owner.getName());
            String p = path.delegate().toAbsolutePath().toString();
            fs.image().setOwner(p, uid, fs.image().metadata(p).gid());
        }
    }

    /** A user of the image: its name (or number) and uid. */
    record ImageUser(String getName, long uid) implements UserPrincipal {
        @Override
        public String toString() {
            return getName;
        }
    }

    private static String nameOf(OverlayFileSystem fs, long uid) throws IOException {
        for (String line : passwd(fs)) {
            String[] f = line.split(":", -1);
            if (f.length > 2 && f[2].equals(Long.toString(uid))) {
                return f[0];
            }
        }
        return null;
    }

    private static long uidOf(OverlayFileSystem fs, String name) throws IOException {
        if (name.matches("[0-9]{1,10}")) {
            return Long.parseLong(name);
        }
        for (String line : passwd(fs)) {
            String[] f = line.split(":", -1);
            if (f.length > 2 && f[0].equals(name) && f[2].matches("[0-9]{1,10}")) {
                return Long.parseLong(f[2]);
            }
        }
        throw new UserPrincipalNotFoundException(name);
    }

    private static List<String> passwd(OverlayFileSystem fs) throws IOException {
        Path passwd = fs.getPath("/etc/passwd");
        try {
            return Files.readAllLines(passwd, java.nio.charset.StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }
}
