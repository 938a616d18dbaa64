package dev.remaster.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.PrintWriter;
import java.util.Map;

/** Renders the command line's own model as a roff man page, section 1. */
final class ManPage {
    private ManPage() {
    }

    static void write(CommandLine root, PrintWriter out) {
        CommandSpec spec = root.getCommandSpec();
        out.println(".TH REMASTER 1 \"\" \"remaster\" \"User Commands\"");
        out.println(".SH NAME");
        out.println("remaster \\- " + escape(String.join(" ", spec.usageMessage().description())));
        out.println(".SH SYNOPSIS");
        out.println(".B remaster");
        out.println("\\fICOMMAND\\fR [\\fIOPTIONS\\fR] [\\fIARGUMENTS\\fR]");
        out.println(".SH DESCRIPTION");
        out.println("Remaster reads, lists, extracts, creates and edits Linux initramfs images (plain or compressed");
        out.println("cpio archives, one or more segments) without root and without unpacking them to disk.");
        out.println(".SH COMMANDS");
        writeCommands("remaster", root, out);
        out.println(".SH EXIT STATUS");
        out.println("0 success; 1 failure (for diff and verify: differences or problems found); 2 usage error; 3 corrupt input.");
        out.println(".SH ENVIRONMENT");
        out.println(".TP");
        out.println("\\fBSOURCE_DATE_EPOCH\\fR");
        out.println("Clamps modification times and makes create reproducible.");
        out.flush();
    }

    /** Every command under {@code parent}, nested groups included, as {@code .SS} sections. */
    private static void writeCommands(String prefix, CommandLine parent, PrintWriter out) {
        for (Map.Entry<String, CommandLine> e : parent.getSubcommands().entrySet()) {
            CommandSpec sub = e.getValue().getCommandSpec();
            if (e.getKey().equals("help")) {
                continue;
            }
            String name = prefix + " " + e.getKey();
            if (!e.getValue().getSubcommands().isEmpty()) {
                // A group such as tinycore: its own description, then each of its commands.
                out.println(".SS \"" + name + " COMMAND\"");
                for (String d : sub.usageMessage().description()) {
                    out.println(escape(d));
                }
                writeCommands(name, e.getValue(), out);
                continue;
            }
            out.println(".SS \"" + name + synopsis(sub) + "\"");
            for (String d : sub.usageMessage().description()) {
                out.println(escape(d));
                out.println(".PP");
            }
            for (PositionalParamSpec p : sub.positionalParameters()) {
                out.println(".TP");
                out.println("\\fI" + escape(p.paramLabel()) + "\\fR");
                out.println(escape(String.join(" ", p.description())));
            }
            for (OptionSpec o : sub.options()) {
                if (o.hidden()) {
                    continue;
                }
                out.println(".TP");
                out.println("\\fB" + escape(String.join(", ", o.names())) + "\\fR"
                        + (o.arity().max() > 0 ? " \\fI" + escape(o.paramLabel()) + "\\fR" : ""));
                out.println(escape(String.join(" ", o.description())));
            }
            String[] footer = sub.usageMessage().footer();
            if (footer.length > 0) {
                out.println(".PP");
                out.println(".nf");
                for (String f : footer) {
                    out.println(escape(f));
                }
                out.println(".fi");
            }
        }
    }

    private static String synopsis(CommandSpec sub) {
        StringBuilder sb = new StringBuilder();
        for (PositionalParamSpec p : sub.positionalParameters()) {
            sb.append(' ').append(p.paramLabel());
        }
        return sb.toString();
    }

    static String escape(String s) {
        String t = s.replace("\\", "\\\\").replace("-", "\\-");
        return t.startsWith(".") || t.startsWith("'") ? "\\&" + t : t;
    }
}
