package dev.remaster.spec;

import dev.remaster.cpio.EntryType;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the file lists of the Linux kernel's {@code usr/gen_init_cpio}:
 *
 * <pre>
 * # a comment
 * file &lt;name&gt; &lt;location&gt; &lt;mode&gt; &lt;uid&gt; &lt;gid&gt; [&lt;hard links&gt;...]
 * dir &lt;name&gt; &lt;mode&gt; &lt;uid&gt; &lt;gid&gt;
 * nod &lt;name&gt; &lt;mode&gt; &lt;uid&gt; &lt;gid&gt; &lt;dev type&gt; &lt;maj&gt; &lt;min&gt;
 * slink &lt;name&gt; &lt;target&gt; &lt;mode&gt; &lt;uid&gt; &lt;gid&gt;
 * pipe &lt;name&gt; &lt;mode&gt; &lt;uid&gt; &lt;gid&gt;
 * sock &lt;name&gt; &lt;mode&gt; &lt;uid&gt; &lt;gid&gt;
 * </pre>
 *
 * <pre>{@code
 * InitramfsSpec spec = SpecParser.withSystemEnvironment().parse(Path.of("initramfs.list"));
 * }</pre>
 *
 * <p><b>As gen_init_cpio reads them:</b> fields are separated by runs of spaces, tabs and the other
 * C whitespace characters; modes are octal, uids, gids and device numbers decimal; blank lines are
 * skipped; {@code ${VAR}} in a {@code file} location is replaced by the variable's value, or by
 * nothing when unset (see {@link LocationVariables} for the one difference); names are kept as
 * written, a leading {@code /} included.
 *
 * <p><b>Stricter than gen_init_cpio,</b> which passes over several mistakes silently: an unknown
 * keyword is an error (gen_init_cpio prints a warning and goes on, exiting 0); so are fields after
 * the last one of a line (gen_init_cpio's sscanf ignores them, and for {@code file} takes them as
 * hard link names), a device type other than {@code b} or {@code c} (gen_init_cpio makes any other
 * letter a character device), signs or other trailing characters in numbers, numbers beyond 32
 * bits, a mode with type bits other than the line's own, and a name that is only {@code /} (which
 * gen_init_cpio would write as an empty name). Comments may follow leading whitespace (gen_init_cpio
 * wants the {@code #} in the first column) but may not follow fields on the same line.
 *
 * <p>Every error is a {@link SpecFormatException} naming the list, line, column and field. The
 * input is decoded as UTF-8; bytes that are not UTF-8 are an error naming their line.
 */
public final class SpecParser {
    private final Map<String, String> environment;

    private SpecParser(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * A parser that expands {@code ${VAR}} in locations from {@code environment}.
     *
     * @param environment the environment
     * @return a parser that expands {@code ${VAR}} in locations from {@code environment}
     */
    public static SpecParser withEnvironment(Map<String, String> environment) {
        return new SpecParser(Objects.requireNonNull(environment, "environment"));
    }

    /**
     * A parser that expands {@code ${VAR}} in locations from this process's environment, as gen_init_cpio does.
     *
     * @return a parser that expands {@code ${VAR}} in locations from this process's environment, as gen_init_cpio does
     */
    public static SpecParser withSystemEnvironment() {
        return new SpecParser(System.getenv());
    }

    /**
     * Parses the list in {@code file}; relative locations are resolved against the file's directory.
     *
     * @param file the file
     * @return the initramfs spec
     * @throws IOException if reading or writing fails
     */
    public InitramfsSpec parse(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        return parse(file, parent == null ? file.toAbsolutePath().getRoot() : parent);
    }

    /**
     * Parses the list in {@code file}; relative locations are resolved against {@code baseDirectory}.
     *
     * @param file the file
     * @param baseDirectory the base directory
     * @return the initramfs spec
     * @throws IOException if reading or writing fails
     */
    public InitramfsSpec parse(Path file, Path baseDirectory) throws IOException {
        String source = file.toString();
        return parse(decode(Files.readAllBytes(file), source), source, baseDirectory);
    }

    /**
     * Parses the list read from {@code text}, which is read to its end but not closed.
     *
     * @param sourceName what to call the list in messages, or {@code null}
     * @param baseDirectory what relative locations are resolved against
     * @param text the text
     * @return the initramfs spec
     * @throws IOException if reading or writing fails
     */
    public InitramfsSpec parse(Reader text, String sourceName, Path baseDirectory) throws IOException {
        StringWriter all = new StringWriter();
        text.transferTo(all);
        return parse(all.toString(), sourceName, baseDirectory);
    }

    /**
     * Parses the list {@code text}; see {@link #parse(Reader, String, Path)}.
     *
     * @param text the text
     * @param sourceName the name of the input, for messages
     * @param baseDirectory the base directory
     * @return the initramfs spec
     * @throws SpecFormatException if the list is not valid
     */
    public InitramfsSpec parse(String text, String sourceName, Path baseDirectory) throws SpecFormatException {
        Objects.requireNonNull(baseDirectory, "baseDirectory");
        List<SpecLine> lines = new ArrayList<>();
        int lineNumber = 0;
        int start = 0;
        while (start < text.length()) {
            int end = text.indexOf('\n', start);
            if (end < 0) {
                end = text.length();
            }
            lineNumber++;
            SpecLine line = new LineParser(text.substring(start, end), lineNumber, sourceName, environment).parse();
            if (line != null) {
                lines.add(line);
            }
            start = end + 1;
        }
        return new InitramfsSpec(sourceName, baseDirectory, lines);
    }

    private static String decode(byte[] bytes, String source) throws SpecFormatException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isUnderflow()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int bad = in.position();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < bad; i++) {
                if (bytes[i] == '\n') {
                    line++;
                    lineStart = i + 1;
                }
            }
            throw new SpecFormatException(source, line, bad - lineStart + 1, null, null, null,
                    String.format("byte 0x%02X is not valid UTF-8", bytes[bad] & 0xff));
        }
        out.flip();
        return out.toString();
    }

    /** Splits one line into fields and builds its record. */
    private static final class LineParser {
        private final String text;
        private final int lineNumber;
        private final String source;
        private final Map<String, String> environment;
        private final List<String> fields = new ArrayList<>();
        private final List<Integer> columns = new ArrayList<>();
        private String keyword;
        private String name;

        LineParser(String text, int lineNumber, String source, Map<String, String> environment) {
            this.text = text;
            this.lineNumber = lineNumber;
            this.source = source;
            this.environment = environment;
        }

        /** The line's record, or {@code null} for a blank line or a comment. */
        SpecLine parse() throws SpecFormatException {
            split();
            if (fields.isEmpty() || fields.get(0).startsWith("#")) {
                return null;
            }
            keyword = fields.get(0);
            switch (keyword) {
                case "file": return file();
                case "dir": return new SpecLine.Directory(lineNumber, name(), mode(2, EntryType.DIRECTORY),
                        number(3, "<uid>"), number(4, "<gid>"));
                case "nod": return nod();
                case "slink": return slink();
                case "pipe": return new SpecLine.Pipe(lineNumber, name(), mode(2, EntryType.FIFO),
                        number(3, "<uid>"), number(4, "<gid>"));
                case "sock": return new SpecLine.Socket(lineNumber, name(), mode(2, EntryType.SOCKET),
                        number(3, "<uid>"), number(4, "<gid>"));
                default:
                    String k = keyword;
                    keyword = null;
                    throw error(0, null, "unknown keyword '" + k
                            + "' (expected file, dir, nod, slink, pipe, sock or a # comment)");
            }
        }

        private void split() {
            int i = 0;
            int n = text.length();
            while (i < n) {
                while (i < n && SpecSyntax.isSeparator(text.charAt(i))) {
                    i++;
                }
                if (i == n) {
                    break;
                }
                int begin = i;
                while (i < n && !SpecSyntax.isSeparator(text.charAt(i))) {
                    i++;
                }
                fields.add(text.substring(begin, i));
                columns.add(begin + 1);
            }
        }

        private SpecLine file() throws SpecFormatException {
            String n = name();
            String location = LocationVariables.expand(field(2, "<location>"), environment);
            if (location.isEmpty()) {
                throw error(2, "<location>", "'" + fields.get(2) + "' expands to an empty path");
            }
            int mode = mode(3, EntryType.REGULAR);
            long uid = number(4, "<uid>");
            long gid = number(5, "<gid>");
            List<String> links = new ArrayList<>();
            for (int i = 6; i < fields.size(); i++) {
                links.add(checkedName(i, "<hard links>"));
            }
            return new SpecLine.RegularFile(lineNumber, n, location, mode, uid, gid, links);
        }

        private SpecLine nod() throws SpecFormatException {
            String n = name();
            int mode = mode(2, null);
            long uid = number(3, "<uid>");
            long gid = number(4, "<gid>");
            String devType = field(5, "<dev type>");
            EntryType type;
            if (devType.equals("b")) {
                type = EntryType.BLOCK_DEVICE;
            } else if (devType.equals("c")) {
                type = EntryType.CHAR_DEVICE;
            } else {
                throw error(5, "<dev type>", "'" + devType + "' is neither b (block) nor c (character)");
            }
            if (mode > 07777 && (mode & EntryType.S_IFMT) != type.bits()) {
                throw error(2, "<mode>", "'" + fields.get(2) + "' has type bits that are not those of a "
                        + (type == EntryType.BLOCK_DEVICE ? "block" : "character") + " device");
            }
            long major = number(6, "<maj>");
            long minor = number(7, "<min>");
            return new SpecLine.DeviceNode(lineNumber, n, mode & 07777, uid, gid, type, major, minor);
        }

        private SpecLine slink() throws SpecFormatException {
            String n = name();
            String target = field(2, "<target>");
            return new SpecLine.Symlink(lineNumber, n, target, mode(3, EntryType.SYMLINK),
                    number(4, "<uid>"), number(5, "<gid>"));
        }

        private String name() throws SpecFormatException {
            name = checkedName(1, "<name>");
            return name;
        }

        private String checkedName(int index, String what) throws SpecFormatException {
            String value = field(index, what);
            if (value.equals("/")) {
                throw error(index, what, "'/' would become an empty name once its leading '/' is removed;"
                        + " write '.' for the root directory");
            }
            return value;
        }

        /** The field at {@code index}, which must exist; and, for the last one, nothing after it. */
        private String field(int index, String what) throws SpecFormatException {
            if (index >= fields.size()) {
                throw error(-1, what, "missing; expected '" + usage() + "'");
            }
            if (index == lastIndex() && fields.size() > index + 1) {
                throw error(index + 1, null, "unexpected field '" + fields.get(index + 1) + "' after "
                        + what + "; expected '" + usage() + "'");
            }
            String value = fields.get(index);
            if (value.indexOf('\0') >= 0) {
                // gen_init_cpio's C strings would end there; no name, target or path may hold one.
                throw error(index, what, "'" + SpecSyntax.printable(value) + "' contains a NUL character");
            }
            return value;
        }

        private int lastIndex() {
            switch (keyword) {
                case "file": return Integer.MAX_VALUE; // further names are hard links
                case "nod": return 7;
                case "slink": return 5;
                default: return 4;
            }
        }

        private String usage() {
            switch (keyword) {
                case "file": return "file <name> <location> <mode> <uid> <gid> [<hard links>...]";
                case "nod": return "nod <name> <mode> <uid> <gid> <dev type> <maj> <min>";
                case "slink": return "slink <name> <target> <mode> <uid> <gid>";
                default: return keyword + " <name> <mode> <uid> <gid>";
            }
        }

        /**
         * An octal mode. gen_init_cpio ORs the line's type into it, so type bits equal to the
         * line's own are harmless and accepted; {@code type} is {@code null} when the caller checks.
         */
        private int mode(int index, EntryType type) throws SpecFormatException {
            String value = field(index, "<mode>");
            long mode = 0;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < '0' || c > '7') {
                    throw error(index, "<mode>", "'" + value + "' is not an octal number");
                }
                mode = mode * 8 + (c - '0');
                if (mode > 0177777) {
                    throw error(index, "<mode>", "'" + value + "' is larger than 0177777");
                }
            }
            if (type != null && mode > 07777 && (mode & EntryType.S_IFMT) != type.bits()) {
                throw error(index, "<mode>", "'" + value + "' has type bits that are not those of a '"
                        + keyword + "' line");
            }
            return type == null ? (int) mode : (int) mode & 07777;
        }

        private long number(int index, String what) throws SpecFormatException {
            String value = field(index, what);
            long v = 0;
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < '0' || c > '9') {
                    throw error(index, what, "'" + value + "' is not a decimal number");
                }
                v = v * 10 + (c - '0');
                if (v > SpecSyntax.MAX_U32) {
                    throw error(index, what, "'" + value + "' is larger than " + SpecSyntax.MAX_U32);
                }
            }
            return v;
        }

        /** An error at the field {@code index}, or at the end of the line when {@code index} is -1. */
        private SpecFormatException error(int index, String field, String detail) {
            int column = index >= 0 && index < columns.size() ? columns.get(index) : text.stripTrailing().length() + 1;
            return new SpecFormatException(source, lineNumber, column, keyword, field, name, detail);
        }
    }
}
