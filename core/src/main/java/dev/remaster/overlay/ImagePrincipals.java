package dev.remaster.overlay;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import java.util.List;

/**
 * Users and groups as an image knows them: by number, named from the image's own
 * {@code /etc/passwd} and {@code /etc/group} where they list the number. A name that neither file
 * lists is looked up as a number ({@code "1001"}). Reads go through the image's file system, so an
 * edit of those files is seen at once.
 */
final class ImagePrincipals extends UserPrincipalLookupService {
    /** A user of the image: its name (or number) and uid. */
    record ImageUser(String getName, long uid) implements UserPrincipal {
        @Override
        public String toString() {
            return getName;
        }
    }

    /** A group of the image: its name (or number) and gid. */
    record ImageGroup(String getName, long gid) implements GroupPrincipal {
        @Override
        public String toString() {
            return getName;
        }
    }

    private final OverlayFileSystem fs;

    ImagePrincipals(OverlayFileSystem fs) {
        this.fs = fs;
    }

    ImageUser user(long uid) throws IOException {
        String name = nameOf("/etc/passwd", uid);
        return new ImageUser(name == null ? Long.toString(uid) : name, uid);
    }

    ImageGroup group(long gid) throws IOException {
        String name = nameOf("/etc/group", gid);
        return new ImageGroup(name == null ? Long.toString(gid) : name, gid);
    }

    /** The uid of {@code owner}: its own for a principal of an image, else looked up by name. */
    long uid(UserPrincipal owner) throws IOException {
        if (owner instanceof ImageUser u) {
            return u.uid();
        }
        if (owner instanceof ImageGroup) {
            throw new UserPrincipalNotFoundException(owner.getName() + " (a group, not a user)");
        }
        return idOf("/etc/passwd", owner.getName());
    }

    /** The gid of {@code group}: its own for a group of an image, else looked up by name. */
    long gid(GroupPrincipal group) throws IOException {
        return group instanceof ImageGroup g ? g.gid() : idOf("/etc/group", group.getName());
    }

    @Override
    public UserPrincipal lookupPrincipalByName(String name) throws IOException {
        return user(idOf("/etc/passwd", name));
    }

    @Override
    public GroupPrincipal lookupPrincipalByGroupName(String group) throws IOException {
        return group(idOf("/etc/group", group));
    }

    private String nameOf(String file, long id) throws IOException {
        for (String line : lines(file)) {
            String[] f = line.split(":", -1);
            if (f.length > 2 && f[2].equals(Long.toString(id))) {
                return f[0];
            }
        }
        return null;
    }

    private long idOf(String file, String name) throws IOException {
        for (String line : lines(file)) {
            String[] f = line.split(":", -1);
            if (f.length > 2 && f[0].equals(name) && f[2].matches("[0-9]{1,10}")) {
                return Long.parseLong(f[2]);
            }
        }
        if (name.matches("[0-9]{1,10}") && Long.parseLong(name) <= 0xFFFF_FFFFL) {
            return Long.parseLong(name);
        }
        throw new UserPrincipalNotFoundException(name);
    }

    private List<String> lines(String file) throws IOException {
        Path p = fs.getPath(file);
        try {
            return Files.readAllLines(p, StandardCharsets.ISO_8859_1);
        } catch (NoSuchFileException e) {
            return List.of();
        }
    }
}
