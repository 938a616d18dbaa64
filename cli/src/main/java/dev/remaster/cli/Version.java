package dev.remaster.cli;

import picocli.CommandLine;

/** The version line, from the jar's manifest when there is one. */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"remaster " + (v == null ? "development build" : v)
                + " (Java " + System.getProperty("java.version") + ")"};
    }
}
