package dev.remaster.cli;

import dev.remaster.overlay.EditableImage;
import dev.remaster.tinycore.BackupList;
import dev.remaster.tinycore.BootCodes;
import dev.remaster.tinycore.BootCodesUpdate;
import dev.remaster.tinycore.BootScript;
import dev.remaster.tinycore.ExtensionOptions;
import dev.remaster.tinycore.Extensions;
import dev.remaster.tinycore.ExtensionsUpdate;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** {@code remaster tinycore edit}: apply Tiny Core recipes to an image in one pass. */
@Command(mixinStandardHelpOptions = true, versionProvider = Version.class, name = "edit", sortOptions = false,
        description = {"Apply Tiny Core recipes to core.gz, microcore.gz or rootfs.gz in one pass. Every recipe is "
                + "idempotent: running the same command again changes nothing more."},
        footer = {"", "Examples:",
            "  remaster tinycore edit core.gz -o core-cloud.gz --boot-codes 'tce=vda1 home=vda3 opt=vda3 waitusb=5'",
            "  remaster tinycore edit core.gz --in-place --bootlocal-put agent='/opt/agent.sh &' --backup etc/ssh",
            "  remaster tinycore edit core.gz -o core-ext.gz --extension openssh.tcz --append-segment"})
final class TinyCoreEditCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "The Tiny Core image. '-' is standard input; standard input, a pipe or a FIFO is first copied to a temporary file (images are read with random access).")
    Path image;

    @CommandLine.Mixin
    OutputOptions output;

    @Option(names = "--boot-codes", paramLabel = "CODES",
            description = "Default boot codes, used when the boot loader passes none of the same name (replaces earlier defaults).")
    String bootCodes;

    @Option(names = "--no-boot-codes", description = "Remove the default boot codes.")
    boolean noBootCodes;

    @Option(names = "--bootlocal", paramLabel = "COMMAND", description = "Append COMMAND to /opt/bootlocal.sh unless it is there.")
    List<String> bootlocal = new ArrayList<>();

    @Option(names = "--bootlocal-put", paramLabel = "ID=COMMAND", description = "Set the line tagged ID in /opt/bootlocal.sh.")
    List<String> bootlocalPut = new ArrayList<>();

    @Option(names = "--bootlocal-remove", paramLabel = "ID", description = "Remove the line tagged ID from /opt/bootlocal.sh.")
    List<String> bootlocalRemove = new ArrayList<>();

    @Option(names = "--bootsync", paramLabel = "COMMAND", description = "Append COMMAND to /opt/bootsync.sh unless it is there.")
    List<String> bootsync = new ArrayList<>();

    @Option(names = "--extension", paramLabel = "FILE.tcz",
            description = "Build FILE.tcz (and its .dep dependencies, found beside it) into the image and load it at boot.")
    List<Path> extensions = new ArrayList<>();

    @Option(names = "--unpack", description = "Unpack the extensions (and their dependencies) into the image instead of building them in to be loop-mounted at boot: no squashfs or loop module needed. Marks each installed in /usr/local/tce.installed, runs its start-up script and ldconfig from /opt/bootsync.sh, and refuses kernel modules for another kernel.")
    boolean unpack;

    @Option(names = "--kernel-version", paramLabel = "VERSION", description = "For -KERNEL dependencies (default: the image's /lib/modules).")
    String kernelVersion;

    @Option(names = "--backup", paramLabel = "PATH", description = "Add PATH to /opt/.filetool.lst.")
    List<String> backup = new ArrayList<>();

    @Option(names = "--no-backup", paramLabel = "PATH", description = "Remove PATH from /opt/.filetool.lst.")
    List<String> noBackup = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        Path target = output.target(spec.commandLine(), image);
        try (EditableImage img = EditableImage.open(input(image));
                Progress progress = Progress.working(err(), common.quiet, "tinycore edit", null)) {
            if (bootCodes != null) {
                BootCodesUpdate u = BootCodes.setDefaults(img, bootCodes);
                note("remaster tinycore: default boot codes " + String.join(" ", u.defaults())
                        + (u.changed() ? "" : " (already set)") + ", applied by " + u.sysinitScript());
                if (!u.readBeforeHook().isEmpty()) {
                    note("remaster tinycore: warning: read before the defaults apply, so without effect: "
                            + String.join(" ", u.readBeforeHook()));
                }
                if (!u.unknown().isEmpty()) {
                    note("remaster tinycore: warning: no script of the image reads " + String.join(" ", u.unknown()));
                }
            }
            if (noBootCodes) {
                BootCodes.removeDefaults(img);
            }
            BootScript local = BootScript.bootLocal(img);
            for (String c : bootlocal) {
                local.append(c);
            }
            for (String kv : bootlocalPut) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--bootlocal-put needs ID=COMMAND");
                }
                local.put(kv.substring(0, eq), kv.substring(eq + 1));
            }
            for (String id : bootlocalRemove) {
                local.remove(id);
            }
            BootScript sync = BootScript.bootSync(img);
            for (String c : bootsync) {
                sync.append(c);
            }
            if (!extensions.isEmpty()) {
                ExtensionOptions eo = ExtensionOptions.defaults();
                if (kernelVersion != null) {
                    eo = eo.withKernelVersion(kernelVersion);
                }
                if (unpack) {
                    ExtensionsUpdate u = dev.remaster.tinycore.UnpackedExtensions.unpack(img, extensions, eo);
                    note("remaster tinycore: extensions unpacked into the image, in order: " + String.join(" ", u.loadOrder()));
                } else {
                    ExtensionsUpdate u = Extensions.add(img, extensions, eo);
                    note("remaster tinycore: extensions loaded at boot, in order: " + String.join(" ", u.loadOrder()));
                }
            }
            BackupList list = BackupList.included(img);
            for (String p : backup) {
                list.add(p);
            }
            for (String p : noBackup) {
                list.remove(p);
            }
            if (!img.isModified()) {
                note("remaster tinycore: nothing to change");
            }
            output.save(spec.commandLine(), img, target);
        }
        note("remaster tinycore: wrote " + target);
        return ExitCode.OK;
    }
}
