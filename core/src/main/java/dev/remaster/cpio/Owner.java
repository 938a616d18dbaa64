package dev.remaster.cpio;

/**
 * An owner and group by number, as a cpio header holds them ({@code c_uid}, {@code c_gid}): what a
 * tree or a reproducible rewrite forces on every entry when asked.
 *
 * @param uid user id, 0..2<sup>32</sup>-1
 * @param gid group id, 0..2<sup>32</sup>-1
 */
public record Owner(long uid, long gid) {
    private static final long MAX_U32 = 0xFFFF_FFFFL;

    /**
     * Checks the components.
     *
     * @param uid user id, 0..2<sup>32</sup>-1
     * @param gid group id, 0..2<sup>32</sup>-1
     * @throws IllegalArgumentException if a component does not fit 32 bits unsigned
     */
    public Owner {
        if (uid < 0 || gid < 0 || uid > MAX_U32 || gid > MAX_U32) {
            throw new IllegalArgumentException("uid (" + uid + ") and gid (" + gid + ") must fit 32 bits unsigned");
        }
    }

    /**
     * Reads {@code UID:GID} (two decimal numbers, as in {@code --owner 0:0}).
     *
     * @param text the text
     * @return the owner it names
     * @throws IllegalArgumentException saying what is wrong with {@code text}
     */
    public static Owner parse(String text) {
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("owner '" + text + "' is not UID:GID");
        }
        return new Owner(number(text, text.substring(0, colon)), number(text, text.substring(colon + 1)));
    }

    private static long number(String text, String part) {
        if (part.isEmpty() || part.length() > 10 || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("owner '" + text + "' is not UID:GID with decimal numbers");
        }
        long v = Long.parseLong(part);
        if (v > MAX_U32) {
            throw new IllegalArgumentException("owner '" + text + "': " + v + " is larger than " + MAX_U32);
        }
        return v;
    }
}
