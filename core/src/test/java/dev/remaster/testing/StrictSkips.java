package dev.remaster.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

/**
 * CI's strict mode: with the environment variable {@code REMASTER_STRICT=1}, a test that skips
 * itself (a failed JUnit assumption: a peer tool, root, a kernel or an image is missing) fails
 * instead, unless the file {@code .ci/allowed-skips} at the repository root lists it with its
 * reason. Without the variable, skips stay skips.
 *
 * <p>Registered for every test by JUnit's extension auto-detection ({@code junit-platform.properties}
 * and {@code META-INF/services}). A line of {@code .ci/allowed-skips} is a test id, then its reason:
 * {@code dev.remaster.boot.InstallerBootTest#bootsTheInstaller  needs KVM}; an id without
 * {@code #method} allows every test of the class. Blank lines and lines starting with {@code #}
 * are ignored.
 */
public final class StrictSkips implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {
    /** The environment variable that turns strict mode on when set to {@code 1}. */
    public static final String VARIABLE = "REMASTER_STRICT";
    /** The list of allowed skips, relative to the repository root. */
    public static final String ALLOWED = ".ci/allowed-skips";

    private static Map<String, String> allowed;

    /** The extension; JUnit makes it. */
    public StrictSkips() {
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw judge(context, t);
    }

    @Override
    public void handleBeforeAllMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw judge(context, t);
    }

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable t) throws Throwable {
        throw judge(context, t);
    }

    /** What to throw for {@code t}: itself, or a failure when it is a skip strict mode does not allow. */
    static Throwable judge(ExtensionContext context, Throwable t) {
        if (!(t instanceof TestAbortedException) || !strict()) {
            return t;
        }
        return judge(context.getRequiredTestClass().getName(), context.getTestMethod().map(Method::getName), t,
                allowedSkips());
    }

    /** In strict mode: {@code t} itself when it is no skip or an allowed one, else a failure naming the test. */
    static Throwable judge(String className, Optional<String> method, Throwable t, Map<String, String> allowed) {
        String id = method.map(m -> className + "#" + m).orElse(className);
        if (!(t instanceof TestAbortedException) || allowed.containsKey(className) || allowed.containsKey(id)) {
            return t;
        }
        AssertionError failure = new AssertionError(VARIABLE + "=1: " + id + " may not skip (" + t.getMessage()
                + "); make it run, or list it with its reason in " + ALLOWED);
        failure.addSuppressed(t);
        return failure;
    }

    /** Whether strict mode is on. */
    public static boolean strict() {
        return "1".equals(System.getenv(VARIABLE));
    }

    /** The allowed test ids with their reasons, read once from {@link #ALLOWED}. */
    static synchronized Map<String, String> allowedSkips() {
        if (allowed == null) {
            allowed = read(repositoryRoot().resolve(ALLOWED));
        }
        return allowed;
    }

    static Map<String, String> read(Path file) {
        Map<String, String> ids = new HashMap<>();
        if (!Files.isReadable(file)) {
            return ids;
        }
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String l = line.strip();
                if (l.isEmpty() || l.startsWith("#")) {
                    continue;
                }
                String[] parts = l.split("\\s+", 2);
                if (parts.length < 2) {
                    throw new IllegalStateException(file + ": '" + l + "' gives no reason for the skip");
                }
                ids.put(parts[0], parts[1]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return ids;
    }

    /** The repository root: the system property {@code remaster.root}, else the nearest parent holding {@code .ci}. */
    static Path repositoryRoot() {
        String root = System.getProperty("remaster.root");
        if (root != null && !root.isEmpty()) {
            return Path.of(root);
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(".ci"))) {
                return p;
            }
        }
        return Path.of("").toAbsolutePath();
    }
}
