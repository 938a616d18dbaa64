package dev.remaster.tinycore;

import java.util.List;

/**
 * What {@link Extensions#add} did.
 *
 * @param changed whether the image changed
 * @param loadOrder every extension file needed, dependencies before the extensions that need
 *     them: the order {@code tce-load} loads them in at boot
 * @param listed the names added to the list of extensions to load (not those already listed)
 * @param copied the files written into {@code /tmp/builtin/optional} (not those already there
 *     with the same content): extensions, {@code .dep} and {@code .md5.txt} files
 */
public record ExtensionsUpdate(boolean changed, List<String> loadOrder, List<String> listed, List<String> copied) {

    /**
     * Keeps unmodifiable copies of the lists.
     *
     * @param changed whether the image changed
     * @param loadOrder every extension file needed, dependencies before the extensions that need
     *     them: the order {@code tce-load} loads them in at boot
     * @param listed the names added to the list of extensions to load (not those already listed)
     * @param copied the files written into {@code /tmp/builtin/optional} (not those already there
     *     with the same content): extensions, {@code .dep} and {@code .md5.txt} files
     */
    public ExtensionsUpdate {
        loadOrder = List.copyOf(loadOrder);
        listed = List.copyOf(listed);
        copied = List.copyOf(copied);
    }
}
