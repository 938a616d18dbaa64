package dev.remaster.cli;

import dev.remaster.overlay.EditableImage;
import dev.remaster.tinycore.BootCodes;
import dev.remaster.tinycore.KnownBootCode;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;

/** {@code remaster tinycore boot-codes}: the boot codes an image understands, and its defaults. */
@Command(mixinStandardHelpOptions = true, versionProvider = Version.class, name = "boot-codes",
        description = "List the boot codes the image's own scripts read (where and how), and the defaults set by 'tinycore edit --boot-codes'.",
        footer = {"", "Examples:", "  remaster tinycore boot-codes core.gz",
            "  remaster tinycore boot-codes --json core.gz | jq -r '.codes[].name'"})
final class TinyCoreBootCodesCommand extends BaseCommand {
    @Parameters(index = "0", paramLabel = "IMAGE", description = "The Tiny Core image. '-' is standard input; standard input, a pipe or a FIFO is first copied to a temporary file (images are read with random access).")
    Path image;

    @Option(names = "--json", description = "One JSON object: the defaults and every boot code with where it is read.")
    boolean json;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = out();
        try (EditableImage img = EditableImage.open(input(image))) {
            List<String> defaults = BootCodes.defaults(img);
            if (json) {
                out.println(toJson(defaults, BootCodes.listKnownBootCodes(img)));
                out.flush();
                return ExitCode.OK;
            }
            out.println(HumanText.escape("# defaults: " + (defaults.isEmpty() ? "(none)" : String.join(" ", defaults))));
            for (KnownBootCode code : BootCodes.listKnownBootCodes(img)) {
                KnownBootCode.Sighting first = code.seenAt().get(0);
                boolean value = code.seenAt().stream().anyMatch(KnownBootCode.Sighting::takesValue);
                out.println(HumanText.escape(String.format("%-12s %s:%d (%s)%s", code.name() + (value ? "=" : ""), first.path(),
                        first.line(), first.how(), code.seenAt().size() > 1 ? " and " + (code.seenAt().size() - 1) + " more" : "")));
            }
        }
        out.flush();
        return ExitCode.OK;
    }

    static String toJson(List<String> defaults, List<KnownBootCode> codes) {
        StringBuilder sb = new StringBuilder("{\"defaults\":[");
        sb.append(String.join(",", defaults.stream().map(Json::string).toList())).append("],\"codes\":[");
        for (int i = 0; i < codes.size(); i++) {
            KnownBootCode code = codes.get(i);
            sb.append(i == 0 ? "\n" : ",\n").append("  {\"name\":").append(Json.string(code.name())).append(",\"seenAt\":[");
            for (int j = 0; j < code.seenAt().size(); j++) {
                KnownBootCode.Sighting s = code.seenAt().get(j);
                sb.append(j == 0 ? "" : ",").append("{\"path\":").append(Json.string(s.path()))
                        .append(",\"line\":").append(s.line())
                        .append(",\"takesValue\":").append(s.takesValue())
                        .append(",\"how\":").append(Json.string(s.how())).append('}');
            }
            sb.append("]}");
        }
        return sb.append(codes.isEmpty() ? "]}" : "\n]}").toString();
    }
}
