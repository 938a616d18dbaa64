package dev.remaster.extract;

import dev.remaster.cpio.EntryType;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Device nodes, FIFOs and sockets, which Java cannot make with a system call: nodes and FIFOs
 * by the coreutils commands {@code mknod} and {@code mkfifo}, sockets by binding a Unix domain
 * socket. Their times are set by {@code touch -h}, because Java sets times by opening the file,
 * and opening a FIFO blocks while opening a device node can act on the device.
 *
 * <p><b>Races.</b> Each command runs with its working directory set to the parent directory that
 * {@link TargetTree#directory} has just checked (a real directory reached from the target without
 * any link), and gets the new name as one component with no {@code /}, after {@code --}: it
 * resolves nothing but that name, and {@code mknod(2)} never follows a final symbolic link (it
 * fails if anything exists there). The parent's identity (device and inode) is read before and
 * after the command and must not change; the new node is then checked with {@code lstat} to be
 * of the type asked. What remains is the window between the check and the command's
 * {@code chdir}, open only to another process writing into the target concurrently (see
 * {@link TargetTree}).
 */
final class SpecialFiles {
    /** {@code sun_path} holds 108 bytes with the terminating NUL. */
    private static final int MAX_SOCKET_PATH = 107;

    private SpecialFiles() {
    }

    /** Creates a device node or FIFO {@code name} in the checked directory {@code dir}. */
    static void makeNode(Path dir, String name, EntryType type, int permissions, long major, long minor)
            throws IOException, Refusal {
        List<String> command = new ArrayList<>();
        String mode = String.format("%04o", permissions);
        if (type == EntryType.FIFO) {
            command.addAll(List.of("mkfifo", "-m", mode, "--", name));
        } else {
            command.addAll(List.of("mknod", "-m", mode, "--", name, type == EntryType.CHAR_DEVICE ? "c" : "b",
                    Long.toString(major), Long.toString(minor)));
        }
        Object before = identity(dir);
        run(dir, command);
        if (!Objects.equals(before, identity(dir))) {
            throw new IOException("directory " + dir + " was replaced while " + command.get(0) + " ran");
        }
        requireType(dir.resolve(name), type);
    }

    /** Creates a socket file {@code name} in the checked directory {@code dir}. */
    static void makeSocket(Path dir, String name, int permissions) throws IOException, Refusal {
        Path path = dir.resolve(name);
        int length = path.toString().getBytes(jnuCharset()).length;
        if (length > MAX_SOCKET_PATH) {
            throw new Refusal("the socket's path is " + length + " bytes long, more than the "
                    + MAX_SOCKET_PATH + " a socket address holds");
        }
        try (ServerSocketChannel socket = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            socket.bind(UnixDomainSocketAddress.of(path)); // the file stays after close
        }
        requireType(path, EntryType.SOCKET);
        // A socket cannot be opened, so its mode is set by path (chmod follows a link; the path was
        // just checked to be the socket itself).
        Files.setAttribute(path, "unix:mode", permissions);
    }

    /** Sets the access and modification times of {@code name} in {@code dir} without opening it. */
    static void setTimes(Path dir, String name, long mtime) throws IOException, Refusal {
        run(dir, List.of("touch", "-h", "-c", "-d", "@" + mtime, "--", name));
    }

    private static Object identity(Path dir) throws IOException {
        BasicFileAttributes a = TargetTree.lstat(dir);
        return a == null ? null : a.fileKey();
    }

    private static void requireType(Path path, EntryType type) throws IOException {
        Object mode = Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if (EntryType.of((Integer) mode) != type) {
            throw new IOException(path + " is not the " + type + " just created");
        }
    }

    private static void run(Path dir, List<String> command) throws IOException, Refusal {
        ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true);
        builder.environment().put("LC_ALL", "C");
        Process process;
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new Refusal(command.get(0) + " could not be run: " + e.getMessage());
        }
        try {
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            int status = process.waitFor();
            if (status != 0) {
                throw new Refusal(command.get(0) + " failed (exit " + status + "): " + output);
            }
        } catch (InterruptedException e) {
            process.destroy();
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while " + command.get(0) + " ran");
        }
    }

    private static Charset jnuCharset() {
        try {
            return Charset.forName(System.getProperty("sun.jnu.encoding", "UTF-8"));
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }
}
