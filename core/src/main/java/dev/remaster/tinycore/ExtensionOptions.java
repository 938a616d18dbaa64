package dev.remaster.tinycore;

/**
 * How {@link Extensions#add} installs extensions.
 *
 * @param kernelVersion the kernel version ({@code uname -r}, such as {@code 6.6.8-tinycore64}) that
 *     replaces the {@code KERNEL} placeholder of dependency names ({@code alsa-modules-KERNEL.tcz}),
 *     as {@code tce-load} does at boot; {@code null} to take it from the image's
 *     {@code /lib/modules}, when that holds exactly one directory
 * @param listName the list of extensions to load, in {@code /tmp/builtin}: {@code onboot.lst}, or
 *     the name the boot code {@code lst=} will give
 */
public record ExtensionOptions(String kernelVersion, String listName) {

    /**
     * Checks the components.
     *
     * @param kernelVersion the kernel version ({@code uname -r}, such as {@code 6.6.8-tinycore64}) that
     *     replaces the {@code KERNEL} placeholder of dependency names ({@code alsa-modules-KERNEL.tcz}),
     *     as {@code tce-load} does at boot; {@code null} to take it from the image's
     *     {@code /lib/modules}, when that holds exactly one directory
     * @param listName the list of extensions to load, in {@code /tmp/builtin}: {@code onboot.lst}, or
     *     the name the boot code {@code lst=} will give
     * @throws IllegalArgumentException if a component is out of range
     */
    public ExtensionOptions {
        if (kernelVersion != null && (kernelVersion.isBlank() || kernelVersion.contains("/"))) {
            throw new IllegalArgumentException("kernelVersion (" + kernelVersion + ") must be a version such as 6.6.8-tinycore64");
        }
        if (listName == null || listName.isBlank() || listName.contains("/")) {
            throw new IllegalArgumentException("listName (" + listName + ") must be a file name such as onboot.lst");
        }
    }

    /**
     * The kernel version taken from the image, the list {@code onboot.lst}.
     *
     * @return the kernel version taken from the image, the list {@code onboot.lst}
     */
    public static ExtensionOptions defaults() {
        return new ExtensionOptions(null, "onboot.lst");
    }

    /**
     * These options with {@code kernelVersion}.
     *
     * @param kernelVersion the kernel version
     * @return these options with {@code kernelVersion}
     */
    public ExtensionOptions withKernelVersion(String kernelVersion) {
        return new ExtensionOptions(kernelVersion, listName);
    }

    /**
     * These options with {@code listName}.
     *
     * @param listName the list name
     * @return these options with {@code listName}
     */
    public ExtensionOptions withListName(String listName) {
        return new ExtensionOptions(kernelVersion, listName);
    }
}
