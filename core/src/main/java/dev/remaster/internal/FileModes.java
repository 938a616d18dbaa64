package dev.remaster.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Permission bits as numbers and as nio sets, and the process's umask. */
public final class FileModes {
    private static final PosixFilePermission[] BITS = {PosixFilePermission.OTHERS_EXECUTE,
        PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
        PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ, PosixFilePermission.OWNER_EXECUTE,
        PosixFilePermission.OWNER_WRITE, PosixFilePermission.OWNER_READ};
    private static volatile int umask = -1;

    private FileModes() {
    }

    /**
     * The process's umask. Linux says it in {@code /proc/self/status}; elsewhere 022 is assumed.
     * Read once: Remaster never changes it.
     *
     * @return the umask's permission bits
     */
    public static int umask() {
        int u = umask;
        if (u < 0) {
            u = 022;
            try {
                for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                    if (line.startsWith("Umask:")) {
                        u = Integer.parseInt(line.substring(6).trim(), 8);
                        break;
                    }
                }
            } catch (IOException | RuntimeException e) {
                // Not Linux: keep 022.
            }
            umask = u;
        }
        return u;
    }

    /**
     * The {@code rwxrwxrwx} bits of an nio permission set.
     *
     * @param perms the permissions
     * @return the mode bits, {@code 0} to {@code 0777}
     */
    public static int mode(Set<PosixFilePermission> perms) {
        int m = 0;
        for (PosixFilePermission p : perms) {
            m |= 0400 >> p.ordinal();
        }
        return m;
    }

    /**
     * The nio set of the low nine bits of {@code mode}.
     *
     * @param mode a mode; only its {@code rwxrwxrwx} bits are read
     * @return a new mutable set
     */
    public static Set<PosixFilePermission> permissions(int mode) {
        Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
        for (int i = 0; i < BITS.length; i++) {
            if ((mode & (1 << i)) != 0) {
                perms.add(BITS[i]);
            }
        }
        return perms;
    }
}
