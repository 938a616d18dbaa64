/**
 * The {@code remaster} command: picocli commands over the library's exported API, plus the
 * atomic output of {@code dev.remaster.internal} that core exports to this module alone.
 */
module dev.remaster.cli {
    requires dev.remaster.core;
    requires info.picocli;

    opens dev.remaster.cli to info.picocli;
}
