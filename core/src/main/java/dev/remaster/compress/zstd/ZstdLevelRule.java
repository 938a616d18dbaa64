package dev.remaster.compress.zstd;

/**
 * The level Remaster rewrites an existing zstd segment at when none is asked for, chosen so that the
 * rewritten segment stays about the size of the original:
 * <ul>
 *   <li>level 19 when the original holds at least 4.6 bytes of cpio per compressed byte (a ratio
 *       that level 9 rarely reaches on initramfs contents; {@code zstd -19} on the Debian 12
 *       mkinitramfs image gives 4.8, {@code -9} gives 4.25);</li>
 *   <li>otherwise level 9 (what initramfs-tools writes by default) when the cpio is at least 1 MiB;</li>
 *   <li>otherwise level 3, zstd's default.</li>
 * </ul>
 */
public final class ZstdLevelRule {
    /** Below this much cpio, level 3. */
    static final long LARGE = 1 << 20;

    private ZstdLevelRule() {
    }

    /**
     * The level for rewriting a zstd segment of {@code compressed} bytes that held {@code uncompressed}
     * bytes of cpio.
     *
     * @param compressed the original segment's length in the file
     * @param uncompressed the length of its cpio bytes
     * @return 3, 9 or 19 as the rule says
     */
    public static int levelFor(long compressed, long uncompressed) {
        if (compressed > 0 && uncompressed >= 4.6 * compressed) {
            return 19;
        }
        return uncompressed >= LARGE ? 9 : 3;
    }
}
