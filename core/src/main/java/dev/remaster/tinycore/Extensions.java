package dev.remaster.tinycore;

import dev.remaster.overlay.EditableImage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Extensions ({@code .tcz} files) built into a Tiny Core image, loaded at every boot without a
 * {@code tce} directory on disk.
 *
 * <pre>{@code
 * try (EditableImage image = EditableImage.open(Path.of("core.gz"))) {
 *     Extensions.add(image, List.of(Path.of("tcz/openssh.tcz")), ExtensionOptions.defaults());
 *     image.writeTo(Path.of("core-new.gz"), SaveOptions.defaults());
 * }
 * }</pre>
 *
 * <p>At boot {@code tce-setup} runs {@code tce-load -i -b} on the extensions listed in
 * {@code /tmp/builtin/onboot.lst} (or the list named by the boot code {@code lst=}), taking them
 * from {@code /tmp/builtin/optional}; {@code tce-load} reads each one's {@code .dep} file there and
 * loads the dependencies first. So this recipe copies each extension asked for, with its
 * {@code .dep} and {@code .md5.txt} files and, recursively, the dependencies its {@code .dep} names
 * (found beside it), into {@code /tmp/builtin/optional}, and lists the extensions asked for, not
 * their dependencies, at the end of the list: as {@code tce-load -wi} does for a {@code tce}
 * directory. An {@code .md5.txt} beside an extension is checked before copying.
 *
 * <p>The directories and files get owner {@code tc} (uid 1001), group staff (50), group-writable
 * (0775 and 0664), as {@code tce-setup} leaves a {@code tce} directory. Adding the same extensions
 * again changes nothing; a file whose content differs from the image's copy replaces it. When a
 * file is missing nothing is changed and a {@link MissingDependencyException} lists every missing
 * file.
 */
public final class Extensions {
    /** The directory of built-in extensions. */
    public static final String BUILTIN = "/tmp/builtin";
    /** Where built-in extension files go. */
    public static final String OPTIONAL = BUILTIN + "/optional";

    private Extensions() {
    }

    /**
     * Copies {@code extensions} and their dependencies into the image and lists them to be loaded
     * at boot.
     *
     * @throws MissingDependencyException when an extension or dependency file is missing
     * @throws IOException when a file cannot be read, or its {@code .md5.txt} does not match
     * @param image the image file
     * @param extensions the extensions
     * @param options the options
     * @return the extensions update
     */
    public static ExtensionsUpdate add(EditableImage image, List<Path> extensions, ExtensionOptions options)
            throws IOException {
        Objects.requireNonNull(options, "options");
        for (Path p : extensions) {
            if (!p.getFileName().toString().endsWith(".tcz")) {
                throw new IllegalArgumentException("extension (" + p + ") must be a .tcz file");
            }
        }
        String kernel = options.kernelVersion();
        String kernelUnknown = null;
        if (kernel == null) {
            List<String> versions = kernelVersions(image);
            if (versions.size() == 1) {
                kernel = versions.get(0);
            } else {
                kernelUnknown = "the image's /lib/modules holds " + (versions.isEmpty() ? "no directory" : versions)
                        + "; give the version in ExtensionOptions";
            }
        }
        Map<String, Path> order = resolve(extensions, kernel, kernelUnknown);

        boolean changed = ImageTextFile.ensureDirectory(image, "/tmp", 01777, 0, 0);
        changed |= ImageTextFile.ensureDirectory(image, BUILTIN, 0775, TinyCore.TC_UID, TinyCore.STAFF_GID);
        changed |= ImageTextFile.ensureDirectory(image, OPTIONAL, 0775, TinyCore.TC_UID, TinyCore.STAFF_GID);
        List<String> copied = new ArrayList<>();
        for (Map.Entry<String, Path> e : order.entrySet()) {
            for (String suffix : List.of("", ".dep", ".md5.txt")) {
                Path source = e.getValue().resolveSibling(e.getKey() + suffix);
                if (Files.isRegularFile(source) && copy(image, source, OPTIONAL + "/" + e.getKey() + suffix)) {
                    copied.add(e.getKey() + suffix);
                }
            }
        }

        ImageTextFile list = listFile(options);
        List<String> lines = list.lines(image);
        List<String> listed = new ArrayList<>();
        for (Path p : extensions) {
            String name = p.getFileName().toString();
            if (!listedNames(lines).contains(baseName(name)) && !listed.contains(name)) {
                lines.add(ImageTextFile.raw(name));
                listed.add(name);
            }
        }
        if (!listed.isEmpty() || list.read(image).isEmpty()) {
            changed |= list.write(image, ImageTextFile.joinLines(lines));
        }
        changed |= !copied.isEmpty();
        return new ExtensionsUpdate(changed, List.copyOf(order.keySet()), listed, copied);
    }

    /**
     * The extension files {@code extensions} need, dependencies first, each checked against its
     * {@code .md5.txt}: the order {@code tce-load} loads them in.
     */
    static Map<String, Path> resolve(List<Path> extensions, String kernel, String kernelUnknown) throws IOException {
        DependencyResolver resolver = new DependencyResolver(kernel, kernelUnknown);
        for (Path p : extensions) {
            resolver.add(p);
        }
        if (!resolver.missing().isEmpty()) {
            throw new MissingDependencyException(resolver.missing());
        }
        Map<String, Path> order = resolver.order();
        for (Path p : order.values()) {
            checkMd5(p);
        }
        return order;
    }

    /**
     * The extensions the image's list names, in order, as {@code tce-setup} reads them.
     *
     * @param image the image file
     * @param options the options
     * @return the extensions the image's list names, in order, as {@code tce-setup} reads them
     * @throws IOException if reading or writing fails
     */
    public static List<String> listed(EditableImage image, ExtensionOptions options) throws IOException {
        List<String> out = new ArrayList<>();
        for (String n : listedNames(listFile(options).lines(image))) {
            out.add(ImageTextFile.decoded(n) + ".tcz");
        }
        return out;
    }

    /**
     * The names of the kernel's module directories in the image's {@code /lib/modules}, which
     * are kernel versions ({@code uname -r}).
     *
     * @param image the image file
     * @return the names of the kernel's module directories in the image's {@code /lib/modules}, which are kernel versions ({@code uname -r})
     * @throws IOException if reading or writing fails
     */
    public static List<String> kernelVersions(EditableImage image) throws IOException {
        Path modules = image.fileSystem().getPath("/lib/modules");
        if (!Files.isDirectory(modules)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(modules)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    /**
     * The names a list holds, without {@code .tcz}: like {@code tce-setup}, the first word of each
     * line, comments dropped.
     */
    private static List<String> listedNames(List<String> lines) {
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            String t = l.replaceAll("#.*", "").strip();
            if (!t.isEmpty()) {
                out.add(baseName(t.split("\\s+")[0]));
            }
        }
        return out;
    }

    private static String baseName(String name) {
        return name.endsWith(".tcz") ? name.substring(0, name.length() - 4) : name;
    }

    private static ImageTextFile listFile(ExtensionOptions options) {
        return new ImageTextFile(BUILTIN + "/" + options.listName(), 0664, TinyCore.TC_UID, TinyCore.STAFF_GID, false);
    }

    /** Copies {@code source} to {@code target} in the image unless it holds the same bytes; returns whether it copied. */
    private static boolean copy(EditableImage image, Path source, String target) throws IOException {
        Path t = image.fileSystem().getPath(target);
        boolean same = Files.isRegularFile(t, LinkOption.NOFOLLOW_LINKS) && Files.size(t) == Files.size(source)
                && Files.mismatch(source, t) == -1;
        if (!same) {
            Files.copy(source, t, StandardCopyOption.REPLACE_EXISTING);
        }
        return ImageTextFile.setMetadata(image, target, 0664, TinyCore.TC_UID, TinyCore.STAFF_GID) || !same;
    }

    /** Checks {@code extension} against the {@code .md5.txt} beside it, if there is one. */
    private static void checkMd5(Path extension) throws IOException {
        Path sum = extension.resolveSibling(extension.getFileName() + ".md5.txt");
        if (!Files.isRegularFile(sum)) {
            return;
        }
        String[] words = Files.readString(sum, StandardCharsets.ISO_8859_1).strip().split("\\s+");
        if (words.length == 0 || !words[0].matches("[0-9a-fA-F]{32}")) {
            throw new IOException(sum + ": not an md5sum line");
        }
        MessageDigest md5;
        try {
            md5 = MessageDigest.getInstance("MD5");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has MD5", e);
        }
        try (InputStream in = Files.newInputStream(extension)) {
            byte[] buf = new byte[65536];
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                md5.update(buf, 0, n);
            }
        }
        String actual = HexFormat.of().formatHex(md5.digest());
        if (!actual.equalsIgnoreCase(words[0])) {
            throw new IOException(extension + ": md5 " + actual + " does not match " + sum + " (" + words[0] + ")");
        }
    }
}
