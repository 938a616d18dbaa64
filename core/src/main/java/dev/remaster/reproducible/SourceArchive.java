package dev.remaster.reproducible;

import dev.remaster.cpio.CpioEntry;

import java.util.ArrayList;
import java.util.List;

/**
 * The headers of one archive (entries up to a trailer) of a source image, with where each entry's
 * data can be read again: never the data itself.
 */
final class SourceArchive {
    /** Where an entry's data is: nowhere (no data or a symbolic link), in the source file, or in the spool. */
    enum Store { NONE, SOURCE, SPOOL }

    /**
     * One entry.
     *
     * @param entry the header as read
     * @param name the normalized name ({@link PathOrder#normalize(byte[])})
     * @param sequence its position in the archive, which keeps duplicates in their order
     * @param store where its data is
     * @param dataOffset where in the store
     */
    record Item(CpioEntry entry, byte[] name, int sequence, Store store, long dataOffset) {
    }

    private final List<Item> items = new ArrayList<>();
    private final boolean leadingPlain;

    /** @param leadingPlain whether the archive is in the uncompressed part at the start of the image */
    SourceArchive(boolean leadingPlain) {
        this.leadingPlain = leadingPlain;
    }

    void add(CpioEntry entry, Store store, long dataOffset) {
        items.add(new Item(entry, PathOrder.normalize(entry.nameBytes()), items.size(), store, dataOffset));
    }

    List<Item> items() {
        return items;
    }

    boolean isEmpty() {
        return items.isEmpty();
    }

    /**
     * Whether the archive holds files for the kernel's early loaders (names under {@code kernel/})
     * and sits where they look (lib/earlycpio.c): it must then stay uncompressed and first.
     */
    boolean isEarly() {
        if (!leadingPlain) {
            return false;
        }
        for (Item i : items) {
            byte[] n = i.name();
            if (n.length > 7 && new String(n, 0, 7, java.nio.charset.StandardCharsets.ISO_8859_1).equals("kernel/")) {
                return true;
            }
        }
        return false;
    }
}
