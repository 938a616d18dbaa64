package dev.remaster.cli;

import picocli.CommandLine;

import java.util.List;

/**
 * Help at the terminal's width: {@code COLUMNS} when set (as shells export it), else picocli's
 * own detection. Footers are laid out here rather than by picocli: an example line (indented) is
 * never broken, so it can be copied and run as it is; prose is wrapped at spaces only.
 */
final class HelpLayout {
    /** The narrowest help picocli lays out. */
    private static final int MIN_WIDTH = 55;

    private HelpLayout() {
    }

    /** Applies the width and the footer layout to {@code cl} and every command under it. */
    static void apply(CommandLine cl, String columns) {
        Integer width = parse(columns);
        apply(cl, width);
    }

    private static void apply(CommandLine cl, Integer width) {
        if (width != null) {
            cl.setUsageHelpAutoWidth(false);
            cl.setUsageHelpWidth(Math.max(MIN_WIDTH, width));
        } else {
            cl.setUsageHelpAutoWidth(true);
        }
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER, new FooterRenderer());
        for (CommandLine sub : cl.getSubcommands().values()) {
            apply(sub, width);
        }
    }

    /**
     * The footer, wrapped at word boundaries. A class, not a lambda: picocli's interfaces are class
     * files older than Java 6, and JDK 17's class data sharing archives no lambda that implements
     * one, so each start would pay for bootstrapping it.
     */
    private static final class FooterRenderer implements CommandLine.IHelpSectionRenderer {
        @Override
        public String render(CommandLine.Help help) {
            return footer(List.of(help.commandSpec().usageMessage().footer()), help.commandSpec().usageMessage().width());
        }
    }

    private static Integer parse(String columns) {
        if (columns == null || columns.isBlank()) {
            return null;
        }
        try {
            int n = Integer.parseInt(columns.trim());
            return n > 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The footer lines: indented ones as they are, others wrapped at spaces to {@code width}. */
    static String footer(List<String> lines, int width) {
        StringBuilder sb = new StringBuilder();
        for (String line : lines) {
            if (line.startsWith(" ") || line.length() <= width) {
                sb.append(line).append(System.lineSeparator());
                continue;
            }
            int col = 0;
            for (String word : line.split(" ")) {
                if (col > 0 && col + 1 + word.length() > width) {
                    sb.append(System.lineSeparator());
                    col = 0;
                } else if (col > 0) {
                    sb.append(' ');
                    col++;
                }
                sb.append(word);
                col += word.length();
            }
            sb.append(System.lineSeparator());
        }
        return sb.toString();
    }
}
