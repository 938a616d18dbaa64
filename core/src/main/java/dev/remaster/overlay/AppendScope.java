package dev.remaster.overlay;

import java.util.List;

/**
 * How much of an image must be read before edits that are to be appended as a new segment can be
 * applied ({@link EditableImage#openForAppend}): every entry, or the entries up to the point where
 * each of {@code directories} resolves (symbolic links followed) to a directory.
 *
 * <p>An appended segment only adds: the kernel applies its entries over what the image left. So an
 * edit that writes a new file, link or node needs of the image only the directory it goes into;
 * one that keeps the header of a path of the image (a directory made again or merged with) needs
 * that path; one that changes the mode or owner of a path of the image, or removes it, needs every
 * entry, since only the last entry for a path counts.
 *
 * @param directories absolute paths of the image that must be seen as directories before reading
 *     may stop
 * @param wholeImage whether every entry must be read whatever the directories say
 */
public record AppendScope(List<String> directories, boolean wholeImage) {

    /**
     * Copies the list.
     *
     * @param directories absolute paths of the image that must be seen as directories
     * @param wholeImage whether every entry must be read
     */
    public AppendScope {
        directories = List.copyOf(directories);
    }

    /**
     * Every entry of the image.
     *
     * @return the scope that reads the whole image
     */
    public static AppendScope whole() {
        return new AppendScope(List.of(), true);
    }
}
