package dev.ipcplayground.launcher.report;

import java.util.ArrayList;
import java.util.List;

/** An aligned plain-text table: the first column left-aligned, the others right-aligned (figures), unless said otherwise (words). */
final class TextTable {

    private final List<String[]> rows = new ArrayList<>();
    private final java.util.Set<Integer> left = new java.util.HashSet<>(List.of(0));

    /** Column {@code column} holds words, not figures: aligned left, under its header. */
    TextTable left(int column) {
        left.add(column);
        return this;
    }

    TextTable row(String... cells) {
        rows.add(cells);
        return this;
    }

    String render(String indent) {
        int columns = rows.stream().mapToInt(r -> r.length).max().orElse(0);
        int[] width = new int[columns];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        StringBuilder out = new StringBuilder();
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder(indent);
            for (int c = 0; c < row.length; c++) {
                String pad = " ".repeat(width[c] - row[c].length());
                line.append(c == 0 ? row[c] + pad : left.contains(c) ? "  " + row[c] + pad : "  " + pad + row[c]);
            }
            out.append(line.toString().stripTrailing()).append('\n');
        }
        return out.toString();
    }
}
