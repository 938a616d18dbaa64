package dev.remaster.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code remaster tinycore}: Tiny Core Linux remastering recipes. */
@Command(mixinStandardHelpOptions = true, versionProvider = Version.class, name = "tinycore",
        description = "Tiny Core Linux recipes: default boot codes, boot commands, built-in extensions, "
                + "the backup list, and a GRUB2 entry for a disk install.",
        subcommands = {TinyCoreEditCommand.class, TinyCoreBootCodesCommand.class, TinyCoreGrubEntryCommand.class},
        footer = {"", "Examples:",
            "  remaster tinycore edit core.gz -o core-cloud.gz --boot-codes 'tce=vda1 home=vda3 opt=vda3' --bootlocal '/usr/local/bin/agent &'",
            "  remaster tinycore boot-codes core.gz",
            "  remaster tinycore grub-entry --kernel /boot/vmlinuz --initrd /boot/core.gz --root-label tc --codes 'tce=sda1'"})
final class TinyCoreCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a tinycore command is required: edit, boot-codes or grub-entry");
    }
}
