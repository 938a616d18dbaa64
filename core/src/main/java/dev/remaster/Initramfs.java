package dev.remaster;

import dev.remaster.cpio.ReadOptions;
import dev.remaster.image.ImageReader;
import dev.remaster.overlay.EditableImage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;

/**
 * Where to start: open an initramfs image to edit it, or read it entry by entry.
 *
 * <pre>{@code
 * // Edit: change a file and write a new image; untouched segments are copied byte for byte.
 * try (EditableImage image = Initramfs.open(Path.of("core.gz"))) {
 *     Files.writeString(image.fileSystem().getPath("/opt/bootlocal.sh"), "#!/bin/sh\n");
 *     image.writeTo(Path.of("core-new.gz"), SaveOptions.defaults());
 * }
 *
 * // Read: every entry of every segment, streaming.
 * try (ImageReader reader = Initramfs.read(Path.of("initrd.img"))) {
 *     for (CpioEntry e = reader.next(); e != null; e = reader.next()) {
 *         System.out.println(e.name());
 *     }
 * }
 * }</pre>
 *
 * <p>The same image can also be opened with {@code FileSystems.newFileSystem(path)}, like a zip
 * file with the JDK's zipfs; closing that file system writes edits back.
 */
public final class Initramfs {
    private Initramfs() {
    }

    /**
     * Opens {@code image} for editing; see {@link EditableImage}.
     *
     * @param image the image file
     * @return the editable image
     * @throws IOException if reading or writing fails
     */
    public static EditableImage open(Path image) throws IOException {
        return EditableImage.open(image);
    }

    /**
     * Opens {@code image} for editing with the given read limits; see {@link EditableImage}.
     *
     * @param image the image file
     * @param options the options
     * @return the editable image
     * @throws IOException if reading or writing fails
     */
    public static EditableImage open(Path image, ReadOptions options) throws IOException {
        return EditableImage.open(image, options);
    }

    /**
     * Opens an image read from a stream for editing (it is copied to a temporary file first).
     *
     * @param image the image file
     * @return the editable image
     * @throws IOException if reading or writing fails
     */
    public static EditableImage open(InputStream image) throws IOException {
        return EditableImage.open(image, ReadOptions.defaults());
    }

    /**
     * Reads {@code image} entry by entry, segment by segment; see {@link ImageReader}.
     *
     * @param image the image file
     * @return {@code image} entry by entry, segment by segment; see {@link ImageReader}
     * @throws IOException if reading or writing fails
     */
    public static ImageReader read(Path image) throws IOException {
        return ImageReader.open(image);
    }
}
