package dev.remaster.tinycore;

import dev.remaster.cpio.CpioEntry;
import dev.remaster.cpio.EntryType;
import dev.remaster.overlay.EditableImage;
import dev.remaster.overlay.EntryMetadata;
import dev.remaster.squashfs.SquashfsEntryReader;
import dev.remaster.squashfs.SquashfsReader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Extensions unpacked into a Tiny Core image, as Tiny Core's remaster tool offers ("extract TCZ
 * into initrd"): their files are part of the root file system from the first instruction, so no
 * {@code squashfs} or {@code loop} module and no {@code /tmp/tcloop} mount is needed at boot.
 *
 * <pre>{@code
 * try (EditableImage image = EditableImage.open(Path.of("core.gz"))) {
 *     UnpackedExtensions.unpack(image, List.of(Path.of("tcz/openssh.tcz")), ExtensionOptions.defaults());
 *     image.writeTo(Path.of("core-new.gz"), SaveOptions.defaults());
 * }
 * }</pre>
 *
 * <p>What {@code tce-load} does when it loads an extension while booting, and what this recipe
 * does in its place, as we understand Tiny Core's scripts: it mounts the squashfs and links its files
 * into the root (here: every entry is copied into the image with its type, mode, owner and mtime;
 * directories the image already has keep their own metadata); it marks the extension installed by
 * creating {@code /usr/local/tce.installed/NAME} (here: an empty file owned by {@code tc:staff},
 * unless the extension ships that file); when the extension ships a non-empty
 * {@code /usr/local/tce.installed/NAME}, that is its start-up script, which tce-load queues in
 * {@code /tmp/setup.lst} for {@code tce-setup} to run once extensions are loaded (here: a line running
 * it is put in {@code /opt/bootsync.sh}, which {@code tc-config} runs after {@code tce-setup});
 * after loading libraries it runs {@code ldconfig} (here: an {@code ldconfig} line in
 * {@code bootsync.sh}, before the start-up scripts, when an extension holds a {@code *.so} file).
 * Dependencies come from the {@code .dep} files beside the extensions, as {@link Extensions#add}
 * reads them. Unpacking again changes nothing more: the boot lines are tagged and put once.
 *
 * <p>Refused, with the reason, before the image is changed: kernel modules for a kernel version
 * other than the image's own {@code /lib/modules} directory (they could never load), a missing
 * dependency, a corrupt squashfs image.
 */
public final class UnpackedExtensions {
    /** Where {@code tce-load} marks extensions installed. */
    public static final String INSTALLED = "/usr/local/tce.installed";

    private static final Pattern MODULES = Pattern.compile("^(?:usr/local/)?lib/modules/([^/]+)/.+");
    private static final Pattern LIBRARY = Pattern.compile(".*/[^/]+\\.so(\\.[^/]*)?$");

    private UnpackedExtensions() {
    }

    /**
     * Unpacks {@code extensions} and their dependencies into {@code image}.
     *
     * @param image the image to change
     * @param extensions the {@code .tcz} files asked for
     * @param options the kernel version for {@code -KERNEL} dependencies, if the image does not say it
     * @return what was done: the load order and the extensions unpacked
     * @throws MissingDependencyException when an extension or dependency file is missing
     * @throws IOException when an extension cannot be read or unpacked faithfully, saying why
     */
    public static ExtensionsUpdate unpack(EditableImage image, List<Path> extensions, ExtensionOptions options)
            throws IOException {
        Objects.requireNonNull(options, "options");
        for (Path p : extensions) {
            if (!p.getFileName().toString().endsWith(".tcz")) {
                throw new IllegalArgumentException("extension (" + p + ") must be a .tcz file");
            }
        }
        List<String> versions = Extensions.kernelVersions(image);
        String kernel = options.kernelVersion() != null ? options.kernelVersion()
                : versions.size() == 1 ? versions.get(0) : null;
        Map<String, Path> order = Extensions.resolve(extensions, kernel,
                kernel == null ? "the image's /lib/modules holds " + (versions.isEmpty() ? "no directory" : versions) : null);
        // Every check first, so that a refusal leaves the image as it was.
        for (Map.Entry<String, Path> e : order.entrySet()) {
            checkModules(e.getKey(), e.getValue(), versions);
        }
        boolean libraries = false;
        List<String> scripts = new ArrayList<>();
        for (Map.Entry<String, Path> e : order.entrySet()) {
            String name = e.getKey().substring(0, e.getKey().length() - ".tcz".length());
            libraries |= copyEntries(image, e.getValue());
            String marker = INSTALLED + "/" + name;
            ImageTextFile.ensureDirectory(image, INSTALLED, 0775, 0, TinyCore.STAFF_GID);
            Path m = image.fileSystem().getPath(marker);
            if (Files.isRegularFile(m, LinkOption.NOFOLLOW_LINKS) && Files.size(m) > 0) {
                scripts.add(marker);
            } else if (!Files.exists(m, LinkOption.NOFOLLOW_LINKS)) {
                Files.createFile(m);
                ImageTextFile.setMetadata(image, marker, 0644, TinyCore.TC_UID, TinyCore.STAFF_GID);
            }
        }
        BootScript sync = BootScript.bootSync(image);
        if (libraries) {
            sync.put("tcz-ldconfig", "/sbin/ldconfig 2>/dev/null");
        }
        for (String script : scripts) {
            String id = "tcz-" + script.substring(INSTALLED.length() + 1).replaceAll("[^A-Za-z0-9._-]", "_");
            sync.put(id, "/bin/sh " + script);
        }
        return new ExtensionsUpdate(true, List.copyOf(order.keySet()), List.of(), List.copyOf(order.keySet()));
    }

    private static void checkModules(String name, Path tcz, List<String> versions) throws IOException {
        try (SquashfsEntryReader r = new SquashfsEntryReader(SquashfsReader.open(tcz))) {
            for (CpioEntry e = r.next(); e != null; e = r.next()) {
                Matcher m = MODULES.matcher(relative(e.name()));
                if (m.matches() && !versions.contains(m.group(1))) {
                    throw new IOException(tcz + ": kernel modules for " + m.group(1) + " ('" + relative(e.name())
                            + "'), but the image's kernel is " + (versions.isEmpty() ? "unknown (no /lib/modules)" : versions)
                            + ": they could not be loaded, so " + name + " is not unpacked");
                }
            }
        }
    }

    /** Copies every entry of {@code tcz} into the image; returns whether a shared library was among them. */
    private static boolean copyEntries(EditableImage image, Path tcz) throws IOException {
        boolean library = false;
        Map<Long, String> firstOfLink = new HashMap<>();
        try (SquashfsEntryReader r = new SquashfsEntryReader(SquashfsReader.open(tcz))) {
            for (CpioEntry e = r.next(); e != null; e = r.next()) {
                String rel = relative(e.name());
                if (rel.isEmpty()) {
                    continue;
                }
                String path = "/" + rel;
                Path p = image.fileSystem().getPath(path);
                if (p.getParent() != null) {
                    ImageTextFile.ensureDirectory(image, p.getParent().toString(), 0755, 0, 0);
                }
                EntryType type = e.type();
                if (type == EntryType.DIRECTORY) {
                    if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(p);
                        Files.createDirectory(p);
                        metadata(image, path, e);
                    }
                    continue;
                }
                if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw new IOException(tcz + ": '" + rel + "' would replace a directory of the image");
                }
                switch (type) {
                    case REGULAR -> {
                        String first = e.nlink() > 1 ? firstOfLink.putIfAbsent(e.inode(), path) : null;
                        if (first != null) {
                            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)
                                    || !Files.isSameFile(p, image.fileSystem().getPath(first))) {
                                Files.deleteIfExists(p);
                                Files.createLink(p, image.fileSystem().getPath(first));
                            }
                            continue;
                        }
                        byte[] data = r.data().readAllBytes();
                        if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) || !java.util.Arrays.equals(Files.readAllBytes(p), data)) {
                            Files.deleteIfExists(p);
                            Files.write(p, data);
                        }
                        library |= LIBRARY.matcher(path).matches();
                    }
                    case SYMLINK -> {
                        Path target = image.fileSystem().getPath(e.linkTarget().orElseThrow());
                        if (!Files.isSymbolicLink(p) || !Files.readSymbolicLink(p).equals(target)) {
                            Files.deleteIfExists(p);
                            Files.createSymbolicLink(p, target);
                        }
                    }
                    default -> {
                        boolean same = Files.exists(p, LinkOption.NOFOLLOW_LINKS) && image.metadata(path).type() == type;
                        if (!same) {
                            Files.deleteIfExists(p);
                            switch (type) {
                                case CHAR_DEVICE, BLOCK_DEVICE -> image.createDevice(path, type, e.permissions(), e.rdevMajor(), e.rdevMinor());
                                case FIFO -> image.createFifo(path, e.permissions());
                                case SOCKET -> image.createSocket(path, e.permissions());
                                default -> throw new IOException(tcz + ": '" + rel + "': unknown file type");
                            }
                        }
                    }
                }
                metadata(image, path, e);
            }
        }
        return library;
    }

    /** Gives {@code path} the entry's mode, owner and mtime where they differ (so that unpacking again changes nothing). */
    private static void metadata(EditableImage image, String path, CpioEntry e) throws IOException {
        EntryMetadata m = image.metadata(path);
        if (e.type() != EntryType.SYMLINK && m.permissions() != e.permissions()) {
            image.setMode(path, e.permissions());
        }
        if (m.uid() != e.uid() || m.gid() != e.gid()) {
            image.setOwner(path, e.uid(), e.gid());
        }
        if (m.mtime() != e.mtime()) {
            image.setMtime(path, e.mtime());
        }
    }

    private static String relative(String name) {
        String n = name;
        while (n.startsWith("./") || n.startsWith("/")) {
            n = n.startsWith("./") ? n.substring(2) : n.substring(1);
        }
        return n.endsWith("/") ? n.substring(0, n.length() - 1) : n;
    }
}
