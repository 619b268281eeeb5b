package dev.ipcplayground.launcher.report;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One colour per transport, the same in every chart of a report, given in the order the
 * transports first appear. The colours are Tableau's ten and six darker ones, the light ones darkened until each
 * stands out on white by a contrast ratio of 3 at least (WCAG's figure for graphics): XChart's own
 * palette gave unix a light grey and thread a light pink that vanished on the page.
 */
public final class Palette {

    static final List<Color> COLOURS = List.of(
            new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c).darker(), new Color(0xd9660b),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xc2379a), new Color(0x0f7d8c),
            new Color(0x4d4d4d), new Color(0x6b6b00),
            // and six darker ones, so that a comparison's sixteen rows (eleven transports, five variants) never share one
            new Color(0x000080), new Color(0x800000), new Color(0x006400), new Color(0x8b008b), new Color(0x4b0082),
            new Color(0x8b4513));

    private final Map<String, Color> byTransport = new LinkedHashMap<>();

    /** A palette that gives {@code transports} their colours in this order. */
    public Palette(List<String> transports) {
        transports.forEach(this::of);
    }

    /** The colour of {@code transport}; a transport not seen before takes the next one. */
    public Color of(String transport) {
        return byTransport.computeIfAbsent(transport, t -> COLOURS.get(byTransport.size() % COLOURS.size()));
    }

    /** WCAG's contrast ratio of a colour against white: 1 (white itself) to 21 (black). */
    static double contrastOnWhite(Color c) {
        return 1.05 / (luminance(c) + 0.05);
    }

    private static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(int channel) {
        double v = channel / 255.0;
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
}
