package dev.remaster.tinycore;

import java.util.List;

/**
 * What {@link BootCodes#setDefaults} did.
 *
 * @param changed whether the image changed (false when the same defaults were already installed)
 * @param defaults the defaults now installed
 * @param sysinitScript the start-up script that runs the hook (normally {@code /etc/init.d/rcS})
 * @param readBeforeHook defaults whose code the image's scripts read only before the hook runs
 *     (Tiny Core's {@code /init} reads {@code noembed} and {@code multivt}): they have no effect
 * @param unknown defaults whose code no script of the image reads: a typo, a code of the kernel
 *     itself (which reads its parameters before any script, so a default cannot set them), or a
 *     code read by an extension's scripts
 */
public record BootCodesUpdate(boolean changed, List<String> defaults, String sysinitScript,
        List<String> readBeforeHook, List<String> unknown) {

    /**
     * Keeps unmodifiable copies of the lists.
     *
     * @param changed whether the image changed (false when the same defaults were already installed)
     * @param defaults the defaults now installed
     * @param sysinitScript the start-up script that runs the hook (normally {@code /etc/init.d/rcS})
     * @param readBeforeHook defaults whose code the image's scripts read only before the hook runs
     *     (Tiny Core's {@code /init} reads {@code noembed} and {@code multivt}): they have no effect
     * @param unknown defaults whose code no script of the image reads: a typo, a code of the kernel
     *     itself (which reads its parameters before any script, so a default cannot set them), or a
     *     code read by an extension's scripts
     */
    public BootCodesUpdate {
        defaults = List.copyOf(defaults);
        readBeforeHook = List.copyOf(readBeforeHook);
        unknown = List.copyOf(unknown);
    }
}
