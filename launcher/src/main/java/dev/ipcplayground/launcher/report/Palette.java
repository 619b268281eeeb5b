package dev.ipcplayground.launcher.report;

import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One colour per transport, the same in every chart of a report, given in the order the
 * transports first appear. The colours are Tableau's ten and six more, the light ones darkened until each
 * stands out on white by a contrast ratio of 3 at least (WCAG's figure for graphics): XChart's own
 * palette gave unix a light grey and thread a light pink that vanished on the page.
 */
public final class Palette {

    static final List<Color> COLOURS = List.of(
            new Color(0x1f77b4), new Color(0xd62728), new Color(0x2ca02c).darker(), new Color(0xd9660b),
            new Color(0x9467bd), new Color(0x8c564b), new Color(0xc2379a), new Color(0x0f7d8c),
            new Color(0x4d4d4d), new Color(0x6b6b00),
            // and six more, so that a comparison's sixteen rows (eleven transports, five variants) never share one: each
            // chosen as far as it could be from all before it, so that no two of the sixteen look alike (see difference)
            new Color(0x0000ff), new Color(0x444477), new Color(0x990044), new Color(0x885500), new Color(0x667766),
            new Color(0x005544));

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

    /**
     * How different two colours look: their distance in CIELAB (ΔE*76), where about 2 is the least
     * an eye tells apart side by side and lines in a legend want 20 or so.
     */
    static double difference(Color a, Color b) {
        double[] x = lab(a), y = lab(b);
        return Math.sqrt(Math.pow(x[0] - y[0], 2) + Math.pow(x[1] - y[1], 2) + Math.pow(x[2] - y[2], 2));
    }

    /** sRGB to CIELAB, white point D65. */
    private static double[] lab(Color c) {
        double r = linear(c.getRed()), g = linear(c.getGreen()), b = linear(c.getBlue());
        double x = f((0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047);
        double y = f(0.2126 * r + 0.7152 * g + 0.0722 * b);
        double z = f((0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883);
        return new double[] {116 * y - 16, 500 * (x - y), 200 * (y - z)};
    }

    private static double f(double t) {
        return t > 0.008856 ? Math.cbrt(t) : 7.787 * t + 16.0 / 116;
    }

    private static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(int channel) {
        double v = channel / 255.0;
        return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4);
    }
}
