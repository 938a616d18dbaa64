package dev.remaster.consumer;

import dev.remaster.Initramfs;
import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.EntryType;
import dev.remaster.image.ImageReader;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/** Counts the entries of an image by type, through the library's public API only. */
public final class ImageCensus {
    private ImageCensus() {
    }

    /**
     * Reads every entry of every segment of {@code image}.
     *
     * @param image an initramfs image
     * @return the number of entries of each type, trailers left out
     * @throws IOException if the image cannot be read
     */
    public static Map<EntryType, Integer> of(Path image) throws IOException {
        Map<EntryType, Integer> counts = new EnumMap<>(EntryType.class);
        try (ImageReader reader = Initramfs.read(image)) {
            for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
                if (!e.isTrailer()) {
                    counts.merge(e.type(), 1, Integer::sum);
                }
            }
        }
        return counts;
    }

    /**
     * Prints the census of each image named.
     *
     * @param args image paths
     * @throws IOException if an image cannot be read
     */
    public static void main(String[] args) throws IOException {
        for (String arg : args) {
            System.out.println(arg + " " + of(Path.of(arg)));
        }
    }
}
