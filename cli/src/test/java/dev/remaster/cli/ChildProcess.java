package dev.remaster.cli;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Runs the command in a separate JVM, as a user would, for tests that need a real process. */
final class ChildProcess {
    private ChildProcess() {
    }

    /** The command line that runs {@code remaster args...} in a new JVM, optionally behind a prefix (setpriv...). */
    static List<String> command(List<String> prefix, String... args) {
        return commandWithClassPath(prefix, System.getProperty("java.class.path"), args);
    }

    /** As {@link #command(List, String...)} with the given class path. */
    static List<String> commandWithClassPath(List<String> prefix, String classPath, String... args) {
        List<String> cmd = new ArrayList<>(prefix);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-cp");
        cmd.add(classPath);
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        return cmd;
    }

    /**
     * A copy of this JVM's class path under {@code dir}, readable by every user: the Maven
     * repository under root's home is not, and a test that drops privileges needs the classes.
     */
    static String readableClassPath(Path dir) throws java.io.IOException {
        List<String> entries = new ArrayList<>();
        int i = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path from = Path.of(entry);
            if (!java.nio.file.Files.exists(from)) {
                continue;
            }
            Path to = dir.resolve("cp" + (i++) + (java.nio.file.Files.isDirectory(from) ? "" : ".jar"));
            try (var walk = java.nio.file.Files.walk(from)) {
                for (Path p : (Iterable<Path>) walk::iterator) {
                    Path target = to.resolve(from.relativize(p).toString());
                    if (java.nio.file.Files.isDirectory(p)) {
                        java.nio.file.Files.createDirectories(target);
                    } else {
                        java.nio.file.Files.copy(p, p.equals(from) ? to : target);
                    }
                }
            }
            entries.add(to.toString());
        }
        try (var walk = java.nio.file.Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk::iterator) {
                p.toFile().setReadable(true, false);
                if (java.nio.file.Files.isDirectory(p)) {
                    p.toFile().setExecutable(true, false);
                }
            }
        }
        return String.join(File.pathSeparator, entries);
    }

}
