package dev.remaster.cli;

import dev.remaster.tinycore.GrubEntry;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** {@code remaster tinycore grub-entry}: a GRUB2 menu entry for a disk install. */
@Command(mixinStandardHelpOptions = true, versionProvider = Version.class, name = "grub-entry", sortOptions = false,
        description = "Print a GRUB2 menuentry that boots Tiny Core from a disk, as written by hand for a hard-disk install.",
        footer = {"", "Examples:",
            "  remaster tinycore grub-entry --kernel /boot/vmlinuz64 --initrd /boot/corepure64.gz --root-uuid 0b6b...",
            "  remaster tinycore grub-entry --kernel /tce/boot/vmlinuz --initrd /tce/boot/core.gz --root-device '(hd0,msdos1)' --codes 'tce=sda1 waitusb=5 quiet' >> /etc/grub.d/40_custom"})
final class TinyCoreGrubEntryCommand extends BaseCommand {
    @Option(names = "--kernel", required = true, paramLabel = "PATH", description = "The kernel, as a path on the boot partition.")
    String kernel;

    @Option(names = "--initrd", required = true, paramLabel = "PATH", description = "An initrd (repeat for several, in order).")
    List<String> initrds = new ArrayList<>();

    @Option(names = "--title", paramLabel = "TITLE", description = "The menu title (default: Tiny Core Linux).")
    String title;

    @Option(names = "--root-uuid", paramLabel = "UUID", description = "Find the boot partition by file system UUID.")
    String uuid;

    @Option(names = "--root-label", paramLabel = "LABEL", description = "Find the boot partition by file system label.")
    String label;

    @Option(names = "--root-device", paramLabel = "DEVICE", description = "The boot partition as GRUB names it, e.g. (hd0,msdos1).")
    String device;

    @Option(names = "--codes", paramLabel = "CODES", description = "Boot codes for the kernel command line.")
    String codes;

    @Override
    public Integer call() {
        GrubEntry.Options o = GrubEntry.Options.of(kernel, initrds.toArray(String[]::new));
        if (title != null) {
            o = o.withTitle(title);
        }
        int roots = (uuid != null ? 1 : 0) + (label != null ? 1 : 0) + (device != null ? 1 : 0);
        if (roots > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), "give at most one of --root-uuid, --root-label and --root-device");
        }
        if (uuid != null) {
            o = o.withRoot(new GrubEntry.ByUuid(uuid));
        } else if (label != null) {
            o = o.withRoot(new GrubEntry.ByLabel(label));
        } else if (device != null) {
            o = o.withRoot(new GrubEntry.ByDevice(device));
        }
        if (codes != null && !codes.isBlank()) {
            o = o.withBootCodes(List.of(codes.trim().split("\\s+")));
        }
        out().print(GrubEntry.menuEntry(o));
        out().flush();
        return ExitCode.OK;
    }
}
