package dev.remaster.extract;

import dev.remaster.cpio.CpioEntry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.TimeUnit;

/**
 * Applies an entry's owner, times and mode to what was created for it, in that order: a change of
 * owner clears the setuid and setgid bits, so the mode comes after it. Every call works on the
 * path itself and never follows a link: owners by {@code lchown}, times and modes of files and
 * directories through a descriptor opened with {@code O_NOFOLLOW}, times of links by
 * {@code lutimes}.
 */
final class MetadataWriter {
    private static final LinkOption NOFOLLOW = LinkOption.NOFOLLOW_LINKS;
    /** {@code chown(2)} reads -1 as "leave unchanged". */
    private static final long NO_ID = 0xFFFFFFFFL;

    private final ExtractOptions options;

    MetadataWriter(ExtractOptions options) {
        this.options = options;
    }

    /** For a regular file or a directory. */
    void apply(Path p, CpioEntry e) throws IOException {
        apply(p, e, false);
    }

    /** For a regular file or a directory; {@code modeSet} when it was created with its final permissions. */
    void apply(Path p, CpioEntry e, boolean modeSet) throws IOException {
        owner(p, e);
        if (options.keepMtimes()) {
            FileTime t = FileTime.from(e.mtime(), TimeUnit.SECONDS);
            Files.getFileAttributeView(p, BasicFileAttributeView.class, NOFOLLOW).setTimes(t, t, null);
        }
        if (!modeSet) {
            Files.setAttribute(p, "unix:mode", permissions(e), NOFOLLOW);
        }
    }

    /**
     * For a regular file this run has just created with {@code O_CREAT|O_EXCL|O_NOFOLLOW}: the
     * same as {@link #apply(Path, CpioEntry, boolean)}, but its times are set without first asking
     * whether it is a link (one {@code statx} less per file). Only another process could have put
     * a link there since, which the target tree does not defend against (see {@link TargetTree}).
     */
    void applyToCreated(Path p, CpioEntry e, boolean modeSet) throws IOException {
        owner(p, e);
        if (options.keepMtimes()) {
            FileTime t = FileTime.from(e.mtime(), TimeUnit.SECONDS);
            Files.getFileAttributeView(p, BasicFileAttributeView.class).setTimes(t, t, null);
        }
        if (!modeSet) {
            Files.setAttribute(p, "unix:mode", permissions(e), NOFOLLOW);
        }
    }

    /** For a symbolic link, which has no mode of its own on Linux. */
    void applyToLink(Path p, CpioEntry e) throws IOException {
        owner(p, e);
        if (options.keepMtimes()) {
            FileTime t = FileTime.from(e.mtime(), TimeUnit.SECONDS);
            Files.getFileAttributeView(p, BasicFileAttributeView.class, NOFOLLOW).setTimes(t, t, null);
        }
    }

    /** For a device node, FIFO or socket, whose mode was set when it was made. */
    void applyToSpecial(Path dir, String name, CpioEntry e) throws IOException, Refusal {
        owner(dir.resolve(name), e);
        if (options.keepMtimes()) {
            SpecialFiles.setTimes(dir, name, e.mtime());
        }
    }

    /** The entry's permission bits, without setuid, setgid and sticky unless those are restored. */
    int permissions(CpioEntry e) {
        return options.specialBitsRestored() ? e.permissions() : e.permissions() & 0777;
    }

    private void owner(Path p, CpioEntry e) throws IOException {
        if (!options.ownersRestored()) {
            return;
        }
        if (e.uid() < NO_ID) {
            Files.setAttribute(p, "unix:uid", (int) e.uid(), NOFOLLOW); // lchown
        }
        if (e.gid() < NO_ID) {
            Files.setAttribute(p, "unix:gid", (int) e.gid(), NOFOLLOW);
        }
    }
}
