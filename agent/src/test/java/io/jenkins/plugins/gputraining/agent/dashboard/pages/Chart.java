package io.jenkins.plugins.gputraining.agent.dashboard.pages;

import io.jenkins.plugins.gputraining.agent.dashboard.Browser;
import java.util.List;
import java.util.Map;

/** A chart of the dashboard as ECharts draws it in its container: canvases and series. */
public final class Chart {
    private static final String READ = "const el = document.getElementById(arguments[0]);"
            + "if (!el || !window.echarts) return null;"
            + "const chart = echarts.getInstanceByDom(el); if (!chart) return null;"
            + "const option = chart.getOption();"
            + "return {canvas: el.querySelectorAll('canvas').length,"
            + " series: (option.series || []).map(s => {"
            + "   const data = s.data || [];"
            + "   const last = data.length ? data[data.length - 1] : null;"
            + "   return {name: s.name, points: data.length, connectNulls: s.connectNulls,"
            + "     lastX: Array.isArray(last) ? last[0] : null};"
            + " })};";

    private final Browser browser;
    private final String id;

    Chart(final Browser browser, final String id) {
        this.browser = browser;
        this.id = id;
    }

    /** What the chart draws now; {@code null} before ECharts has drawn it. */
    public Drawn drawn() {
        @SuppressWarnings("unchecked")
        Map<String, Object> data = (Map<String, Object>) browser.script(READ, id);
        if (data == null) {
            return null;
        }
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> series = (List<Map<String, Object>>) data.get("series");
        return new Drawn(((Number) data.get("canvas")).intValue(), series.stream()
                .map(s -> new Series((String) s.get("name"), ((Number) s.get("points")).longValue(),
                        (Boolean) s.get("connectNulls"),
                        s.get("lastX") == null ? null : ((Number) s.get("lastX")).doubleValue()))
                .toList());
    }

    /** Whether it is drawn on a canvas with at least {@code count} series, none of them empty. */
    public boolean hasData(final int count) {
        Drawn drawn = drawn();
        return drawn != null && drawn.canvases() > 0 && drawn.series().size() >= count
                && drawn.series().stream().allMatch(s -> s.points() > 0);
    }

    /** Its series. */
    public List<Series> series() {
        Drawn drawn = drawn();
        return drawn == null ? List.of() : drawn.series();
    }

    /** The points of its first series. */
    public long points() {
        return series().get(0).points();
    }

    /** The x of its first series' last point. */
    public double lastX() {
        return series().get(0).lastX();
    }

    /** A drawn chart: how many canvases, and its series. */
    public record Drawn(int canvases, List<Series> series) {
    }

    /** A series: its name, how many points, whether it bridges gaps (nulls), the x of its last point. */
    public record Series(String name, long points, Boolean connectNulls, Double lastX) {
    }
}
