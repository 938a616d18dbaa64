package dev.remaster.image;

import dev.remaster.io.FormatException;

/** An initramfs file that is not a sequence of NUL padding and (compressed) cpio archives. */
public class ImageFormatException extends FormatException {
    private static final long serialVersionUID = 1L;

    /**
     * An error at {@code offset} of {@code source}.
     *
     * @param source where the data comes from
     * @param offset the byte offset
     * @param detail the detail
     */
    public ImageFormatException(String source, long offset, String detail) {
        super(source, offset, null, null, detail);
    }
}
