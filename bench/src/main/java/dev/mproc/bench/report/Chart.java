package dev.mproc.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Draws the throughput chart as SVG: groups of bars by message size, one bar per series, MB/s on a log scale.
 */
final class Chart {

    private static final int WIDTH = 860;
    private static final int HEIGHT = 420;
    private static final int LEFT = 70;
    private static final int RIGHT = 200;
    private static final int TOP = 40;
    private static final int BOTTOM = 50;

    private Chart() {
    }

    static String svg(final List<Series> series, final Map<String, Figure> figures) {
        final TreeSet<Integer> sizes = new TreeSet<>();
        series.forEach(s -> sizes.addAll(s.bySize().keySet()));
        double max = 1;
        double min = Double.MAX_VALUE;
        for (final Series s : series) {
            for (final Map.Entry<Integer, String> point : s.bySize().entrySet()) {
                final Figure figure = figures.get(point.getValue());
                if (figure != null && figure.value() > 0) {
                    final double mbps = megabytesPerSecond(figure, point.getKey());
                    max = Math.max(max, mbps);
                    min = Math.min(min, mbps);
                }
            }
        }
        final double low = Math.pow(10, Math.floor(Math.log10(Math.min(min, max) / 2)));
        final double high = Math.pow(10, Math.ceil(Math.log10(max)));
        final StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\""
            + " font-family=\"sans-serif\" font-size=\"12\">%n", WIDTH, HEIGHT));
        svg.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"22\" font-size=\"15\" font-weight=\"bold\">"
            + "Throughput between two processes by message size (MB/s, log scale)</text>%n", LEFT));
        final int plotHeight = HEIGHT - TOP - BOTTOM;
        final int plotWidth = WIDTH - LEFT - RIGHT;
        for (double tick = low; tick <= high * 1.0001; tick *= 10) {
            final double y = TOP + plotHeight - scale(tick, low, high) * plotHeight;
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n", LEFT, y, LEFT + plotWidth, y,
                LEFT - 6, y + 4, label(tick)));
        }
        final int groups = Math.max(1, sizes.size());
        final double groupWidth = (double) plotWidth / groups;
        final double barWidth = groupWidth * 0.8 / Math.max(1, series.size());
        int g = 0;
        for (final int size : sizes) {
            final double x0 = LEFT + g * groupWidth + groupWidth * 0.1;
            for (int i = 0; i < series.size(); i++) {
                final String key = series.get(i).bySize().get(size);
                final Figure figure = key == null ? null : figures.get(key);
                if (figure == null || figure.value() <= 0) {
                    continue;
                }
                final double mbps = megabytesPerSecond(figure, size);
                final double h = scale(mbps, low, high) * plotHeight;
                svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\""
                    + " fill=\"%s\"><title>%s, %s: %.1f MB/s</title></rect>%n", x0 + i * barWidth,
                    TOP + plotHeight - h, barWidth - 2, h, series.get(i).color(), series.get(i).name(),
                    sizeLabel(size), mbps));
            }
            svg.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                LEFT + g * groupWidth + groupWidth / 2, HEIGHT - BOTTOM + 20, sizeLabel(size)));
            g++;
        }
        for (int i = 0; i < series.size(); i++) {
            final int y = TOP + 10 + i * 20;
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>"
                + "<text x=\"%d\" y=\"%d\">%s</text>%n", WIDTH - RIGHT + 15, y, series.get(i).color(),
                WIDTH - RIGHT + 35, y + 12, series.get(i).name()));
        }
        svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%d\" x2=\"%d\" y2=\"%d\" stroke=\"black\"/>%n",
            LEFT, TOP + plotHeight, LEFT + plotWidth, TOP + plotHeight));
        return svg.append("</svg>\n").toString();
    }

    private static double megabytesPerSecond(final Figure figure, final int size) {
        return figure.value() * size / 1e6;
    }

    private static double scale(final double value, final double low, final double high) {
        return Math.max(0, (Math.log10(value) - Math.log10(low)) / (Math.log10(high) - Math.log10(low)));
    }

    private static String label(final double mbps) {
        return mbps >= 1 ? String.format(Locale.ROOT, "%.0f", mbps) : String.format(Locale.ROOT, "%.2g", mbps);
    }

    private static String sizeLabel(final int size) {
        return size >= 1 << 20 ? (size >> 20) + " MiB" : size >= 1024 ? (size >> 10) + " KiB" : size + " B";
    }
}
