package dev.remaster.tinycore;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A GRUB 2 {@code menuentry} for Tiny Core installed on a hard disk, as users write it by hand
 * into {@code grub.cfg} (or {@code /etc/grub.d/40_custom}) after copying {@code vmlinuz} and
 * {@code core.gz} to the disk:
 *
 * <pre>
 * menuentry 'Tiny Core Linux' {
 * 	search --no-floppy --fs-uuid --set=root 0b6a0d2c-4a4b-4bd4-9a34-0c4c3d0e6f11
 * 	linux /boot/vmlinuz quiet tce=UUID=0b6a0d2c-4a4b-4bd4-9a34-0c4c3d0e6f11 waitusb=5
 * 	initrd /boot/core.gz
 * }
 * </pre>
 *
 * <pre>{@code
 * String text = GrubEntry.menuEntry(GrubEntry.Options.of("/boot/vmlinuz", "/boot/core.gz")
 *         .withRoot(GrubEntry.Root.uuid("0b6a0d2c-4a4b-4bd4-9a34-0c4c3d0e6f11"))
 *         .withBootCodes(List.of("quiet", "tce=UUID=0b6a0d2c-4a4b-4bd4-9a34-0c4c3d0e6f11", "waitusb=5")));
 * }</pre>
 *
 * <p>Several initrds are loaded one after the other by one {@code initrd} line (GRUB 2.00 and
 * later), which is how a separate remaster image goes after {@code core.gz}. Words that GRUB's
 * script syntax would change (such as {@code $}, {@code ;} or blanks) are single-quoted.
 */
public final class GrubEntry {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_./,:=+@%^~-]+");

    private GrubEntry() {
    }

    /** How GRUB finds the partition that holds the kernel and initrds. */
    public sealed interface Root {
        /**
         * The file system with this UUID: {@code search --no-floppy --fs-uuid --set=root UUID}.
         *
         * @param uuid the uuid
         * @return the file system with this UUID: {@code search --no-floppy --fs-uuid --set=root UUID}
         */
        static Root uuid(String uuid) {
            return new ByUuid(uuid);
        }

        /**
         * The file system with this label: {@code search --no-floppy --label --set=root LABEL}.
         *
         * @param label the label
         * @return the file system with this label: {@code search --no-floppy --label --set=root LABEL}
         */
        static Root label(String label) {
            return new ByLabel(label);
        }

        /**
         * A GRUB device such as {@code (hd0,msdos1)} or {@code (hd0,gpt2)}: {@code set root=(hd0,msdos1)}.
         *
         * @param device the device
         * @return a GRUB device such as {@code (hd0,msdos1)} or {@code (hd0,gpt2)}: {@code set root=(hd0,msdos1)}
         */
        static Root device(String device) {
            return new ByDevice(device);
        }

        /**
         * No root line: GRUB's own root (the partition it booted from).
         *
         * @return no root line: GRUB's own root (the partition it booted from)
         */
        static Root unset() {
            return new Unset();
        }

        /**
         * The line that sets it, or an empty string.
         *
         * @return the line that sets it, or an empty string
         */
        String line();
    }

    /** {@link Root#uuid}. */
    public record ByUuid(String uuid) implements Root {
        /**
         * Checks the components.
         *
         * @param uuid the uuid
         * @throws IllegalArgumentException if a component is out of range
         */
        public ByUuid {
            if (uuid == null || !uuid.matches("[0-9A-Fa-f][0-9A-Fa-f-]*")) {
                throw new IllegalArgumentException("uuid (" + uuid + ") must be hex digits and '-'");
            }
        }

        @Override
        public String line() {
            return "search --no-floppy --fs-uuid --set=root " + uuid;
        }
    }

    /** {@link Root#label}. */
    public record ByLabel(String label) implements Root {
        /**
         * Checks the components.
         *
         * @param label the label
         * @throws IllegalArgumentException if a component is out of range
         */
        public ByLabel {
            if (label == null || label.isEmpty() || label.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("label (" + label + ") must be a non-empty line");
            }
        }

        @Override
        public String line() {
            return "search --no-floppy --label --set=root " + word(label);
        }
    }

    /** {@link Root#device}. */
    public record ByDevice(String device) implements Root {
        /**
         * Checks the components.
         *
         * @param device the device
         * @throws IllegalArgumentException if a component is out of range
         */
        public ByDevice {
            if (device == null || !device.matches("\\([A-Za-z0-9_,]+\\)")) {
                throw new IllegalArgumentException("device (" + device + ") must look like (hd0,msdos1)");
            }
        }

        @Override
        public String line() {
            return "set root=" + device;
        }
    }

    /** {@link Root#unset}. */
    public record Unset() implements Root {
        @Override
        public String line() {
            return "";
        }
    }

    /**
     * What goes into the entry.
     *
     * @param title the menu title
     * @param kernel the kernel's path on the root partition, such as {@code /boot/vmlinuz}
     * @param initrds the initrds' paths, loaded in this order, such as {@code /boot/core.gz}
     * @param root how GRUB finds the partition
     * @param bootCodes the kernel command line, word by word
     * @param modules GRUB modules to {@code insmod} first, such as {@code part_gpt} and {@code ext2}
     *     (GRUB's generated configurations load them; a hand-written entry often works without)
     */
    public record Options(String title, String kernel, List<String> initrds, Root root, List<String> bootCodes,
            List<String> modules) {

        /**
         * Checks the components and keeps unmodifiable copies of the lists.
         *
         * @param title the menu title
         * @param kernel the kernel's path on the root partition, such as {@code /boot/vmlinuz}
         * @param initrds the initrds' paths, loaded in this order, such as {@code /boot/core.gz}
         * @param root how GRUB finds the partition
         * @param bootCodes the kernel command line, word by word
         * @param modules GRUB modules to {@code insmod} first, such as {@code part_gpt} and {@code ext2}
         *     (GRUB's generated configurations load them; a hand-written entry often works without)
         * @throws IllegalArgumentException if a component is out of range
         */
        public Options {
            Objects.requireNonNull(title, "title");
            Objects.requireNonNull(root, "root");
            if (title.indexOf('\n') >= 0) {
                throw new IllegalArgumentException("title (" + title + ") must be one line");
            }
            checkPath("kernel", kernel);
            initrds = List.copyOf(initrds);
            if (initrds.isEmpty()) {
                throw new IllegalArgumentException("initrds may not be empty: Tiny Core boots from its initrd");
            }
            initrds.forEach(i -> checkPath("initrd", i));
            bootCodes = List.copyOf(bootCodes);
            for (String c : bootCodes) {
                if (c.isEmpty() || c.indexOf('\n') >= 0) {
                    throw new IllegalArgumentException("boot code (" + c + ") must be a non-empty line");
                }
            }
            modules = List.copyOf(modules);
            for (String m : modules) {
                if (!m.matches("[A-Za-z0-9_]+")) {
                    throw new IllegalArgumentException("module (" + m + ") must be a GRUB module name such as ext2");
                }
            }
        }

        /**
         * Title "Tiny Core Linux", no root line, no boot codes, no modules.
         *
         * @param kernel the kernel version
         * @param initrds the initrds
         * @return title "Tiny Core Linux", no root line, no boot codes, no modules
         */
        public static Options of(String kernel, String... initrds) {
            return new Options("Tiny Core Linux", kernel, List.of(initrds), Root.unset(), List.of(), List.of());
        }

        /**
         * These options with {@code title}.
         *
         * @param title the title
         * @return these options with {@code title}
         */
        public Options withTitle(String title) {
            return new Options(title, kernel, initrds, root, bootCodes, modules);
        }

        /**
         * These options with {@code root}.
         *
         * @param root the root directory
         * @return these options with {@code root}
         */
        public Options withRoot(Root root) {
            return new Options(title, kernel, initrds, root, bootCodes, modules);
        }

        /**
         * These options with {@code bootCodes}.
         *
         * @param bootCodes the boot codes
         * @return these options with {@code bootCodes}
         */
        public Options withBootCodes(List<String> bootCodes) {
            return new Options(title, kernel, initrds, root, bootCodes, modules);
        }

        /**
         * These options with {@code modules}.
         *
         * @param modules the modules
         * @return these options with {@code modules}
         */
        public Options withModules(List<String> modules) {
            return new Options(title, kernel, initrds, root, bootCodes, modules);
        }

        private static void checkPath(String what, String path) {
            if (path == null || !path.startsWith("/") || path.indexOf('\n') >= 0) {
                throw new IllegalArgumentException(what + " (" + path + ") must be an absolute path on the root partition");
            }
        }
    }

    /**
     * The {@code menuentry} text, ending with a newline.
     *
     * @param o the entry's title, kernel, initrds, root and boot codes
     * @return the {@code menuentry} text, ending with a newline
     */
    public static String menuEntry(Options o) {
        StringBuilder sb = new StringBuilder();
        sb.append("menuentry ").append(quote(o.title())).append(" {\n");
        for (String m : o.modules()) {
            sb.append("\tinsmod ").append(m).append('\n');
        }
        String root = o.root().line();
        if (!root.isEmpty()) {
            sb.append('\t').append(root).append('\n');
        }
        sb.append("\tlinux ").append(word(o.kernel()));
        for (String c : o.bootCodes()) {
            sb.append(' ').append(word(c));
        }
        sb.append("\n\tinitrd");
        for (String i : o.initrds()) {
            sb.append(' ').append(word(i));
        }
        sb.append("\n}\n");
        return sb.toString();
    }

    /** {@code s} as one word of GRUB script: as it is when plain, else single-quoted. */
    static String word(String s) {
        return PLAIN.matcher(s).matches() ? s : quote(s);
    }

    /** {@code s} single-quoted for GRUB script; a quote inside becomes {@code '\''}. */
    static String quote(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }
}
