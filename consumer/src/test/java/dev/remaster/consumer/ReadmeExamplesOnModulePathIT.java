package dev.remaster.consumer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The README's {@code java} examples, compiled as a module that says only
 * {@code requires dev.remaster.core;} and run with {@code java --module-path ... -m}, each in a
 * JVM of its own: what a user's JPMS application does. (The core module's own tests run the same
 * examples on the class path.)
 */
class ReadmeExamplesOnModulePathIT {
    private static final Path ROOT = Path.of(Objects.requireNonNullElse(System.getProperty("remaster.root"), ".."));
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final String IMPORTS = String.join("\n",
            "package examples;", "import java.io.*;", "import java.nio.charset.StandardCharsets;",
            "import java.nio.file.*;", "import java.util.*;", "import dev.remaster.*;", "import dev.remaster.cpio.*;",
            "import dev.remaster.image.*;", "import dev.remaster.overlay.*;", "import dev.remaster.compress.*;", "");

    @TempDir
    Path tmp;

    @Test
    void everyExampleCompilesAndRunsAsAModule() throws Exception {
        String modulePath = System.getProperty("jdk.module.path");
        assertNotNull(modulePath, "the tests did not run on the module path");
        Matcher m = JAVA_BLOCK.matcher(Files.readString(ROOT.resolve("README.md")));
        Path src = Files.createDirectories(tmp.resolve("src/examples"));
        Files.writeString(tmp.resolve("src/module-info.java"),
                "module readme.examples {\n    requires dev.remaster.core;\n}\n");
        List<String> names = new ArrayList<>();
        while (m.find()) {
            String name = "ReadmeExample" + (names.size() + 1);
            names.add(name);
            Files.writeString(src.resolve(name + ".java"), IMPORTS + "public class " + name + " {\n"
                    + "    public static void main(String[] args) throws Exception {\n"
                    + "        Path image = Path.of(args[0]);\n        Path work = Path.of(args[1]);\n"
                    + m.group(1) + "\n    }\n}\n");
        }
        assertTrue(names.size() >= 4, "the README lost its examples");
        Path classes = tmp.resolve("classes");
        List<String> javac = new ArrayList<>(List.of(tool("javac"), "--module-path", modulePath, "-d", classes.toString(),
                tmp.resolve("src/module-info.java").toString()));
        for (String name : names) {
            javac.add(src.resolve(name + ".java").toString());
        }
        Result compiled = run(javac);
        assertEquals(0, compiled.exitCode(), "the examples do not compile as a module:\n" + compiled.output());

        for (String name : names) {
            Path image = tmp.resolve(name + ".gz");
            Files.copy(ROOT.resolve("testdata/tinycore/core-sample.gz"), image);
            Path work = Files.createDirectories(tmp.resolve("work-" + name));
            Result ran = run(List.of(tool("java"), "--module-path", modulePath + File.pathSeparator + classes,
                    "-m", "readme.examples/examples." + name, image.toString(), work.toString()));
            assertEquals(0, ran.exitCode(), name + " failed on the module path:\n" + ran.output());
            try (var files = Files.list(work)) {
                assertFalse(files.findAny().isEmpty() && ran.output().isEmpty(),
                        name + " neither wrote a file nor printed anything");
            }
        }
    }

    private record Result(int exitCode, String output) {
    }

    private static String tool(String name) {
        return Path.of(System.getProperty("java.home"), "bin", name).toString();
    }

    private Result run(List<String> command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).directory(tmp.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "timed out: " + command);
        return new Result(p.exitValue(), out);
    }
}
