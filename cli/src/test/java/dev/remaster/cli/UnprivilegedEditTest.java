package dev.remaster.cli;

import dev.remaster.testing.Peers;

import dev.remaster.diff.Change;
import dev.remaster.diff.ImageDiff;
import dev.remaster.diff.ImageState;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Device nodes, owners, setuid bits and hard links survive an edit made by an ordinary user: the
 * edit runs as 'nobody' through setpriv (CI runs as root, so the test drops privileges itself).
 */
class UnprivilegedEditTest {
    @TempDir
    Path dir;

    @Test
    void anEditByNobodyKeepsDevicesOwnersAndSpecialBits() throws Exception {
        Peers.assumePeer("setpriv");
        Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "skipped: dropping privileges to nobody needs root (CI runs as root)");
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        Path image = Files.copy(TinyCoreCommandsTest.SAMPLE, shared.resolve("core.gz"));
        Files.setPosixFilePermissions(image, PosixFilePermissions.fromString("rw-r--r--"));
        Path script = shared.resolve("hello.sh");
        Files.writeString(script, "#!/bin/sh\necho hello\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path out = shared.resolve("out.gz");

        String classPath = ChildProcess.readableClassPath(Files.createDirectories(dir.resolve("classes")));
        ProcessBuilder pb = new ProcessBuilder(ChildProcess.commandWithClassPath(
                List.of("setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"), classPath,
                "edit", image.toString(), "-o", out.toString(), "--put", script + "=/opt/hello.sh:0755",
                "--mknod", "/dev/ttyS1=c:4:65:0660:0:20", "--chmod", "/usr/bin/sethostname=4755"));
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String output = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the edit did not finish");
        assertEquals(0, p.exitValue(), output);
        assertTrue(Files.getOwner(out).getName().equals("nobody"), "written by nobody: " + Files.getOwner(out));

        List<Change> changes = ImageDiff.compare(ImageState.of(image), ImageState.of(out));
        assertEquals(List.of("/opt/hello.sh", "/dev/ttyS1", "/usr/bin/sethostname").stream().sorted().toList(),
                changes.stream().map(Change::path).sorted().toList(), changes.toString());
        ImageState after = ImageState.of(out);
        assertEquals(0, after.paths().get("/dev/console").uid());
        assertEquals(5, after.paths().get("/dev/console").rdevMajor());
        assertEquals(1001, after.paths().get("/home/tc").uid());
        assertEquals(20, after.paths().get("/dev/ttyS1").gid());
        assertEquals(04755, after.paths().get("/usr/bin/sethostname").mode() & 07777);
        assertEquals(after.paths().get("/etc/motd").sha256(), after.paths().get("/etc/issue").sha256(),
                "the hard link pair keeps its data");
    }
}
