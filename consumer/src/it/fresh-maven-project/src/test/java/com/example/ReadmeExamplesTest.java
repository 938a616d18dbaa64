package com.example;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compiles and runs every {@code java} example of the README on the class path of a user's project
 * (the installed jar and what its POM brings), so that they stay true. Each runs with
 * {@code image}, a copy of the sample Tiny Core image, and {@code work}, a scratch directory.
 */
class ReadmeExamplesTest {
    static final Path ROOT = Path.of(Objects.requireNonNull(System.getProperty("remaster.root"), "remaster.root"));
    private static final Pattern JAVA_BLOCK = Pattern.compile("```java\\n(.*?)```", Pattern.DOTALL);
    private static final String IMPORTS = String.join("\n",
            "import java.io.*;", "import java.nio.charset.StandardCharsets;", "import java.nio.file.*;",
            "import java.util.*;", "import dev.remaster.*;", "import dev.remaster.cpio.*;",
            "import dev.remaster.image.*;", "import dev.remaster.overlay.*;", "import dev.remaster.compress.*;", "");

    @TempDir
    Path tmp;

    @TestFactory
    List<DynamicTest> everyJavaExampleCompilesAndRuns() throws IOException {
        String readme = Files.readString(ROOT.resolve("README.md"));
        Matcher m = JAVA_BLOCK.matcher(readme);
        List<DynamicTest> tests = new ArrayList<>();
        int n = 0;
        while (m.find()) {
            String body = m.group(1);
            int index = ++n;
            tests.add(DynamicTest.dynamicTest("README example " + index, () -> run(index, body)));
        }
        assertTrue(tests.size() >= 4, "the README lost its examples");
        return tests;
    }

    private void run(int index, String body) throws Exception {
        Path src = tmp.resolve("src" + index);
        Path classes = tmp.resolve("classes" + index);
        Files.createDirectories(src);
        Files.createDirectories(classes);
        String name = "ReadmeExample" + index;
        Files.writeString(src.resolve(name + ".java"), IMPORTS + "public class " + name + " {\n"
                + "    public static void run(Path image, Path work) throws Exception {\n" + body + "\n    }\n}\n");
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int rc = javac.run(null, diagnostics, diagnostics, "-d", classes.toString(), "-cp",
                System.getProperty("java.class.path"), src.resolve(name + ".java").toString());
        assertEquals(0, rc, "README example " + index + " does not compile:\n" + diagnostics);

        Path image = tmp.resolve("image" + index + ".gz");
        Files.copy(ROOT.resolve("testdata/tinycore/core-sample.gz"), image);
        Path work = Files.createDirectories(tmp.resolve("work" + index));
        PrintStream saved = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            Method run = loader.loadClass(name).getMethod("run", Path.class, Path.class);
            run.invoke(null, image, work);
        } finally {
            System.setOut(saved);
        }
        try (var files = Files.list(work)) {
            assertFalse(files.findAny().isEmpty() && printed.size() == 0,
                    "README example " + index + " neither wrote a file nor printed anything");
        }
    }
}
