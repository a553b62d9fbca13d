package dev.driftwatch.daemon;

import static dev.driftwatch.daemon.StatusPage.esc;

import dev.driftwatch.audit.VerdictDay;
import dev.driftwatch.check.Verdict;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How long a check's runs took, drawn as inline SVG on the server: per day (average and slowest) over the page's days,
 * and each of the latest runs as a bar colored by its verdict. Each point and bar carries its figures as a tooltip
 * ({@code <title>}), and each chart a text summary for screen readers. Styling comes from the page's CSS classes.
 */
final class LatencyChart {
    private static final int WIDTH = 1080;
    private static final int HEIGHT = 190;
    private static final int LEFT = 64;
    private static final int RIGHT = 8;
    private static final int TOP = 10;
    private static final int BOTTOM = 24;

    private LatencyChart() {
    }

    /** The daily average and slowest run, one x position per day from {@code first} to {@code last}. */
    static String perDay(List<VerdictDay> days, LocalDate first, LocalDate last) {
        int n = (int) ChronoUnit.DAYS.between(first, last) + 1;
        Map<LocalDate, VerdictDay> byDay = new HashMap<>();
        long top = 1;
        for (VerdictDay d : days) {
            byDay.put(d.day(), d);
            if (d.maxMs() != null) {
                top = Math.max(top, d.maxMs());
            }
        }
        long scale = niceCeiling(top);
        StringBuilder svg = open("latency-days", "Run time per day, average and slowest, " + first + " to " + last);
        axes(svg, scale);
        List<List<double[]>> avg = new ArrayList<>();
        List<List<double[]>> max = new ArrayList<>();
        StringBuilder points = new StringBuilder();
        boolean gap = true;
        for (int i = 0; i < n; i++) {
            LocalDate day = first.plusDays(i);
            VerdictDay d = byDay.get(day);
            if (d == null || d.avgMs() == null) {
                gap = true;
                continue;
            }
            if (gap) {
                avg.add(new ArrayList<>());
                max.add(new ArrayList<>());
                gap = false;
            }
            double x = x(i, n);
            avg.get(avg.size() - 1).add(new double[] {x, y(d.avgMs(), scale)});
            max.get(max.size() - 1).add(new double[] {x, y(d.maxMs(), scale)});
            points.append("<circle class=\"avg-point\" cx=\"").append(num(x)).append("\" cy=\"").append(num(y(d.avgMs(), scale)))
                    .append("\" r=\"3\" data-day=\"").append(day).append("\"><title>").append(esc(day + ": average " + ms(d.avgMs())
                            + ", slowest " + ms(d.maxMs()) + ", fastest " + ms(d.minMs()) + " (" + d.total() + (d.total() == 1 ? " run)" : " runs)"))).append("</title></circle>");
        }
        max.forEach(segment -> line(svg, "max", segment));
        avg.forEach(segment -> line(svg, "avg", segment));
        svg.append(points);
        int[] ticks = {0, n / 3, 2 * n / 3, n - 1};
        for (int t = 0; t < ticks.length; t++) {
            // The ends align inward, so the first and last dates stay inside the chart.
            String anchor = t == 0 ? "start" : t == ticks.length - 1 ? "end" : "middle";
            svg.append("<text class=\"tick\" x=\"").append(num(x(ticks[t], n))).append("\" y=\"").append(HEIGHT - 6)
                    .append("\" text-anchor=\"").append(anchor).append("\">").append(first.plusDays(ticks[t])).append("</text>");
        }
        return svg.append("</svg>").toString();
    }

    /** The latest runs, oldest on the left: one bar each, its height the run's duration, its color its verdict. */
    static String perRun(List<Verdict> newestFirst) {
        List<Verdict> runs = new ArrayList<>(newestFirst);
        Collections.reverse(runs);
        long top = 1;
        for (Verdict v : runs) {
            top = Math.max(top, v.durationMs());
        }
        long scale = niceCeiling(top);
        StringBuilder svg = open("latency-runs", "Run time of the latest " + runs.size() + " runs, oldest first");
        axes(svg, scale);
        int n = Math.max(runs.size(), 1);
        double slot = (double) (WIDTH - LEFT - RIGHT) / n;
        for (int i = 0; i < runs.size(); i++) {
            Verdict v = runs.get(i);
            double y = y(v.durationMs(), scale);
            double h = Math.max(1, HEIGHT - BOTTOM - y);
            svg.append("<rect class=\"bar r-").append(v.outcome().name()).append("\" x=\"").append(num(LEFT + i * slot + slot * 0.15))
                    .append("\" y=\"").append(num(HEIGHT - BOTTOM - h)).append("\" width=\"").append(num(slot * 0.7)).append("\" height=\"")
                    .append(num(h)).append("\" data-verdict=\"").append(v.outcome().name()).append("\"><title>")
                    .append(esc(StatusPage.utc(v.startedAt()) + " " + v.outcome().name() + ": " + ms(v.durationMs()))).append("</title></rect>");
        }
        return svg.append("</svg>").toString();
    }

    private static StringBuilder open(String id, String label) {
        return new StringBuilder(8_192).append("<svg id=\"").append(id).append("\" class=\"chart\" viewBox=\"0 0 ").append(WIDTH).append(' ')
                .append(HEIGHT).append("\" role=\"img\" aria-labelledby=\"").append(id).append("-title\"><title id=\"").append(id)
                .append("-title\">").append(esc(label)).append("</title>");
    }

    /** Three grid lines with their values: nothing, half the scale, the scale. */
    private static void axes(StringBuilder svg, long scale) {
        for (long v : new long[] {0, scale / 2, scale}) {
            double y = y(v, scale);
            svg.append("<line class=\"grid\" x1=\"").append(LEFT).append("\" x2=\"").append(WIDTH - RIGHT).append("\" y1=\"").append(num(y))
                    .append("\" y2=\"").append(num(y)).append("\"/><text class=\"tick\" x=\"").append(LEFT - 6).append("\" y=\"")
                    .append(num(y + 4)).append("\" text-anchor=\"end\">").append(ms(v)).append("</text>");
        }
    }

    private static void line(StringBuilder svg, String css, List<double[]> points) {
        StringBuilder p = new StringBuilder();
        for (double[] xy : points) {
            p.append(p.isEmpty() ? "" : " ").append(num(xy[0])).append(',').append(num(xy[1]));
        }
        // A day alone between gaps is still drawn: as a point-long line with round caps.
        svg.append("<polyline class=\"").append(css).append("\" points=\"").append(p).append(points.size() == 1 ? " " + p : "").append("\"/>");
    }

    private static double x(int i, int n) {
        return LEFT + (i + 0.5) * (WIDTH - LEFT - RIGHT) / n;
    }

    private static double y(long ms, long scale) {
        return TOP + (HEIGHT - TOP - BOTTOM) * (1 - (double) Math.min(ms, scale) / scale);
    }

    /** The smallest 1, 2 or 5 times a power of ten at or above {@code v}: round numbers on the axis. */
    static long niceCeiling(long v) {
        long power = 1;
        while (power * 10 <= v) {
            power *= 10;
        }
        for (long m : new long[] {1, 2, 5, 10}) {
            if (m * power >= v) {
                return m * power;
            }
        }
        return 10 * power;
    }

    static String ms(Long ms) {
        if (ms == null) {
            return "—";
        }
        return ms < 1_000 ? ms + " ms" : String.format(Locale.ROOT, "%.1f s", ms / 1000.0);
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
