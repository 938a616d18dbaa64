package dev.remaster.overlay;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where the content of a file of an {@link OverlayFileSystem} comes from while it has not been
 * loaded yet. Files are identified by the key jimfs gives them
 * ({@link java.nio.file.attribute.BasicFileAttributes#fileKey()}: an {@code Integer} that stays the
 * same across moves and is shared by hard links).
 *
 * <p>The provider calls these methods one at a time, holding the lock of the file system they
 * belong to, so an implementation serving a single file system needs no locking of its own.
 *
 * <p>A pending file whose content was replaced without being hydrated (opened with
 * {@code TRUNCATE_EXISTING}) is reported through {@link #contentChanged}: from then on it must no
 * longer be pending, or a later read would hydrate the source content over the new one.
 */
interface ContentSource {
    /** Whether the file identified by jimfs's fileKey still waits for its content. */
    boolean isPending(Object fileKey);
    /** Its size in the source image; only called when isPending. */
    long pendingSize(Object fileKey);
    /** Fills the (empty) jimfs file at delegatePath with its source content and marks it no longer pending. Called at most once per file, before any read, any write that does not truncate, any copy of it. */
    void hydrate(Path delegatePath, Object fileKey) throws IOException;
    /** The file's content was (or may have been) changed through the file system: opened for WRITE or APPEND, truncated, or created. */
    void contentChanged(Object fileKey);
}
