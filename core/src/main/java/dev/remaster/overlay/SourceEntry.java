package dev.remaster.overlay;

import dev.remaster.cpio.CpioEntry;

/**
 * An entry of the source image, where it stands, and what it became in the edit view.
 *
 * @param segment index of its segment in the image's layout
 * @param ordinal its position among the entries of that segment (trailers count)
 * @param archive index of its archive within the segment (hard links are scoped to it)
 * @param header the entry as read, with its exact header bytes
 * @param path its normalized absolute path in the edit view, or null for an entry that the view
 *     cannot show (a trailer, a name with ".." components) and that is always written back as it was
 * @param fileKey jimfs's key of the file it became, or null
 */
record SourceEntry(int segment, int ordinal, int archive, CpioEntry header, String path, Object fileKey) {
}
