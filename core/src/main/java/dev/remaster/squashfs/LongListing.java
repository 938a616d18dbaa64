package dev.remaster.squashfs;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.nio.charset.StandardCharsets;

/**
 * Formats entries as {@code unsquashfs -lln} lists them: mode string, numeric {@code uid/gid},
 * size (or device numbers), modification time to the minute in the given zone, path under a
 * root name, and {@code -> target} for symlinks.
 *
 * <p>Device numbers are shown as {@code unsquashfs} 4.5 shows them: the stored 32-bit number
 * split as {@code number >> 8, number & 0xff}, which differs from the kernel's major and minor
 * for minors above 255 ({@link Inode#major()} and {@link Inode#minor()} give the kernel's).
 */
public final class LongListing {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");
    private static final int USER_AND_SIZE_WIDTH = 27;

    private final ZoneId zone;
    private final String rootName;

    /**
     * @param zone the time zone for modification times
     * @param rootName the name the root is listed as ({@code squashfs-root} like unsquashfs)
     */
    public LongListing(ZoneId zone, String rootName) {
        this.zone = zone;
        this.rootName = rootName;
    }

    /**
     * One line (without a line end) for an entry.
     *
     * @param entry the entry
     * @return one line (without a line end) for an entry
     */
    public String format(SquashfsEntry entry) {
        Inode inode = entry.inode();
        String user = inode.uid() + "/" + inode.gid();
        int pad = Math.max(0, USER_AND_SIZE_WIDTH - user.length());
        StringBuilder sb = new StringBuilder(mode(inode)).append(' ').append(user);
        switch (inode.type()) {
            case BLOCK_DEVICE, CHAR_DEVICE -> sb.append(" ".repeat(Math.max(0, pad - 7)))
                    .append(String.format("%3d,%3d", (inode.device() & 0xffffffffL) >>> 8, inode.device() & 0xff));
            case FIFO, SOCKET -> sb.append(String.format("%" + Math.max(1, pad) + "d", 0));
            default -> sb.append(String.format("%" + Math.max(1, pad) + "d", inode.size()));
        }
        sb.append(' ').append(TIME.format(Instant.ofEpochSecond(inode.mtime()).atZone(zone)));
        sb.append(' ').append(entry.path().isEmpty() ? rootName : rootName + "/" + entry.path());
        if (inode.type() == InodeType.SYMLINK) {
            sb.append(" -> ").append(new String(inode.target(), StandardCharsets.UTF_8));
        }
        return sb.toString();
    }

    /**
     * The ten-character mode string, such as {@code drwxr-xr-x} or {@code -rwsr-xr-T}.
     *
     * @param inode the inode
     * @return the ten-character mode string, such as {@code drwxr-xr-x} or {@code -rwsr-xr-T}
     */
    public static String mode(Inode inode) {
        char type = switch (inode.type()) {
            case DIRECTORY -> 'd';
            case FILE -> '-';
            case SYMLINK -> 'l';
            case BLOCK_DEVICE -> 'b';
            case CHAR_DEVICE -> 'c';
            case FIFO -> 'p';
            case SOCKET -> 's';
        };
        int p = inode.permissions();
        char[] s = new char[10];
        s[0] = type;
        String rwx = "rwxrwxrwx";
        for (int i = 0; i < 9; i++) {
            s[i + 1] = (p & (0400 >> i)) != 0 ? rwx.charAt(i) : '-';
        }
        s[3] = special(p, 04000, 0100, 's');
        s[6] = special(p, 02000, 010, 's');
        s[9] = special(p, 01000, 01, 't');
        return new String(s);
    }

    private static char special(int p, int bit, int exec, char set) {
        boolean x = (p & exec) != 0;
        if ((p & bit) == 0) {
            return x ? 'x' : '-';
        }
        return x ? set : Character.toUpperCase(set);
    }
}
