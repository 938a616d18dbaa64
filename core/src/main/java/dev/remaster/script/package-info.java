/**
 * Edits written as words: {@link dev.remaster.script.EditScript} reads an edit script (one
 * operation a line, as {@code remaster edit --script} takes it, and the words of the command's
 * {@code --put}, {@code --rm}, {@code --mkdir}... options) into
 * {@link dev.remaster.script.EditOperation}s, each of which applies itself to an
 * {@link dev.remaster.overlay.EditableImage}.
 *
 * <pre>{@code
 * try (EditableImage img = Initramfs.open(image)) {
 *     for (EditOperation op : EditScript.parse(Path.of("edits.txt"))) {
 *         op.applyTo(img);
 *     }
 *     img.writeTo(target, SaveOptions.defaults());
 * }
 * }</pre>
 */
package dev.remaster.script;
