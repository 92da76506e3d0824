package io.corral.console;

import io.corral.platform.json.Jsons;
import io.corral.fleet.MetricPointView;
import io.corral.fleet.MetricsQuery;
import io.corral.fleet.VmMetricsView;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** A guest's CPU and memory history as a Chart.js line chart (what PrimeFaces 15's {@code p:chart} takes). */
record VmChart(String json) {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY_TIME = DateTimeFormatter.ofPattern("MM-dd HH:mm").withZone(ZoneOffset.UTC);

    /** The last {@code hours}: samples as stored up to a day, hourly averages beyond. */
    static MetricsQuery query(int hours) {
        Instant now = Instant.now();
        return new MetricsQuery(now.minus(Duration.ofHours(hours)), now, hours > 24 ? 3600 : null);
    }

    static VmChart of(VmMetricsView series, int hours) {
        DateTimeFormatter format = hours > 24 ? DAY_TIME : TIME;
        JsonArrayBuilder labels = Jsons.JSON.createArrayBuilder();
        JsonArrayBuilder cpu = Jsons.JSON.createArrayBuilder();
        JsonArrayBuilder mem = Jsons.JSON.createArrayBuilder();
        for (MetricPointView p : series.points()) {
            labels.add(format.format(p.at()));
            if (p.cpu() == null) {
                cpu.addNull();
            } else {
                cpu.add(Math.round(p.cpu() * 1000) / 10.0);
            }
            if (p.mem() == null || p.maxmem() == null || p.maxmem() == 0) {
                mem.addNull();
            } else {
                mem.add(Math.round(p.mem() * 1000.0 / p.maxmem()) / 10.0);
            }
        }
        JsonObjectBuilder data = Jsons.JSON.createObjectBuilder().add("labels", labels).add("datasets", Jsons.JSON.createArrayBuilder()
                .add(dataset("CPU %", cpu, "#1f5fbf")).add(dataset("Memory % of its maximum", mem, "#1b7f3b")));
        JsonObjectBuilder options = Jsons.JSON.createObjectBuilder()
                .add("responsive", true).add("maintainAspectRatio", false).add("animation", false)
                .add("interaction", Jsons.JSON.createObjectBuilder().add("mode", "index").add("intersect", false))
                .add("scales", Jsons.JSON.createObjectBuilder()
                        .add("y", Jsons.JSON.createObjectBuilder().add("min", 0).add("max", 100)
                                .add("title", Jsons.JSON.createObjectBuilder().add("display", true).add("text", "%")))
                        .add("x", Jsons.JSON.createObjectBuilder()
                                .add("title", Jsons.JSON.createObjectBuilder().add("display", true).add("text", "UTC"))));
        return new VmChart(Jsons.JSON.createObjectBuilder().add("type", "line").add("data", data).add("options", options)
                .build().toString());
    }

    private static JsonObjectBuilder dataset(String label, JsonArrayBuilder values, String colour) {
        return Jsons.JSON.createObjectBuilder().add("label", label).add("data", values).add("borderColor", colour)
                .add("backgroundColor", colour).add("pointRadius", 2).add("spanGaps", true).add("tension", 0.2);
    }
}
