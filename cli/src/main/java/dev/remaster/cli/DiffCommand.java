package dev.remaster.cli;

import dev.remaster.diff.Change;
import dev.remaster.diff.EntryState;
import dev.remaster.diff.ImageDiff;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** {@code remaster diff}: what differs between two images, as the kernel would unpack them. */
@Command(mixinStandardHelpOptions = true, versionProvider = Version.class, name = "diff", description = {"Compare two images as the kernel would unpack them: paths added (+), removed (-) "
        + "and changed (~) with what changed (content, type, mode, owner, mtime, target, device).",
    "Exits 0 when they are the same, 1 when they differ, like diff."},
        footer = {"", "Examples:", "  remaster diff core.gz core-new.gz", "  remaster diff --json a.img b.img"})
final class DiffCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "A", description = "The first image. '-' is standard input; standard input, a pipe or a FIFO is first copied to a temporary file (images are read with random access).")
    Path a;

    @Parameters(index = "1", paramLabel = "B", description = "The second image. '-' is standard input; standard input, a pipe or a FIFO is first copied to a temporary file (images are read with random access).")
    Path b;

    @Option(names = "--json", description = "Print JSON.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        List<Change> changes = ImageDiff.compare(input(a), input(b));
        PrintWriter out = out();
        if (json) {
            out.println("[");
            for (int i = 0; i < changes.size(); i++) {
                Change c = changes.get(i);
                out.print("  {\"kind\":" + Json.value(c.kind()) + ",\"path\":" + Json.string(c.path())
                        + ",\"fields\":[" + String.join(",", c.fields().stream().map(Json::string).toList()) + "]"
                        + (c.before() != null ? ",\"before\":" + json(c.before()) : "")
                        + (c.after() != null ? ",\"after\":" + json(c.after()) : "") + "}");
                out.println(i + 1 < changes.size() ? "," : "");
            }
            out.println("]");
        } else {
            for (Change c : changes) {
                switch (c.kind()) {
                    case ADDED -> out.println("+ " + HumanText.escape(c.path()) + "  " + describe(c.after()));
                    case REMOVED -> out.println("- " + HumanText.escape(c.path()) + "  " + describe(c.before()));
                    case CHANGED -> out.println("~ " + HumanText.escape(c.path()) + "  " + String.join(",", c.fields()) + ": "
                            + describe(c.before()) + "  =>  " + describe(c.after()));
                }
            }
        }
        out.flush();
        return changes.isEmpty() ? ExitCode.OK : ExitCode.FAILURE;
    }

    private static String describe(EntryState s) {
        StringBuilder sb = new StringBuilder(ModeString.of(s.mode())).append(' ').append(s.uid()).append(':').append(s.gid());
        if (s.type().isDevice()) {
            sb.append(' ').append(s.rdevMajor()).append(',').append(s.rdevMinor());
        } else {
            sb.append(' ').append(s.size());
        }
        if (s.linkTarget() != null) {
            sb.append(" -> ").append(s.linkTarget());
        }
        if (s.sha256() != null && s.size() > 0) {
            sb.append(" sha256:").append(s.sha256(), 0, 12);
        }
        return sb.toString();
    }

    private static String json(EntryState s) {
        return "{\"type\":" + Json.value(s.type()) + ",\"mode\":" + Json.string("0" + Integer.toOctalString(s.mode()))
                + ",\"uid\":" + s.uid() + ",\"gid\":" + s.gid() + ",\"mtime\":" + s.mtime() + ",\"size\":" + s.size()
                + ",\"rdev\":[" + s.rdevMajor() + "," + s.rdevMinor() + "]"
                + (s.linkTarget() != null ? ",\"target\":" + Json.string(s.linkTarget()) : "")
                + (s.sha256() != null ? ",\"sha256\":" + Json.string(s.sha256()) : "") + "}";
    }
}
