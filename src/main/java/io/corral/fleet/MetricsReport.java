package io.corral.fleet;

import io.corral.platform.json.Jsons;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;

import java.io.StringReader;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The result of a {@code proxmox.metrics} command read into samples:
 * {@code {"collectedAt","guests":[{"node","vmid","type","name","status","cpu","maxcpu","mem",…}]}}.
 * A guest without a usable VMID is counted but not kept; a figure of the wrong type is left out.
 *
 * @param guests how many guests the agent reported
 */
public record MetricsReport(OffsetDateTime collectedAt, int guests, List<MetricSample> samples) {
    private static final int MAX_NAME = 100;
    private static final int MAX_STATUS = 20;

    /**
     * @param fallbackTime used when the result carries no readable {@code collectedAt}
     * @throws IllegalArgumentException when the result is not a JSON object with a {@code guests} array
     */
    public static MetricsReport parse(UUID agentId, String resultJson, Instant fallbackTime) {
        JsonObject result;
        try (JsonReader reader = Jsons.JSON.createReader(new StringReader(resultJson == null ? "" : resultJson))) {
            result = reader.readObject();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the result is not a JSON object");
        }
        JsonValue guests = result.get("guests");
        if (guests == null || guests.getValueType() != JsonValue.ValueType.ARRAY) {
            throw new IllegalArgumentException("the result has no guests array");
        }
        OffsetDateTime at = time(result.get("collectedAt"), fallbackTime);
        List<MetricSample> samples = new ArrayList<>();
        int seen = 0;
        for (JsonValue value : guests.asJsonArray()) {
            seen++;
            Long vmid = value instanceof JsonObject o ? integral(o.get("vmid")) : null;
            if (vmid != null && vmid >= 100 && vmid <= 999_999_999) {
                JsonObject g = value.asJsonObject();
                samples.add(new MetricSample(agentId, vmid.intValue(), at, text(g, "node", MAX_NAME),
                        text(g, "status", MAX_STATUS), decimal(g.get("cpu")), smallint(integral(g.get("maxcpu"))),
                        integral(g.get("mem")), integral(g.get("maxmem")), integral(g.get("disk")),
                        integral(g.get("maxdisk")), integral(g.get("netin")), integral(g.get("netout")),
                        integral(g.get("diskread")), integral(g.get("diskwrite")), integral(g.get("uptime"))));
            }
        }
        return new MetricsReport(at, seen, List.copyOf(samples));
    }

    private static OffsetDateTime time(JsonValue value, Instant fallback) {
        Instant at = fallback;
        if (value instanceof JsonString s) {
            try {
                at = Instant.parse(s.getString());
            } catch (DateTimeParseException e) {
                // the agent's clock string is unreadable: the time the control plane got it will do
            }
        }
        return OffsetDateTime.ofInstant(at, ZoneOffset.UTC);
    }

    private static String text(JsonObject g, String key, int max) {
        return g.get(key) instanceof JsonString s && s.getString().length() <= max ? s.getString() : null;
    }

    private static Long integral(JsonValue value) {
        if (value instanceof JsonNumber n && n.isIntegral()) {
            try {
                return n.bigIntegerValueExact().longValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
        return null;
    }

    private static Integer smallint(Long value) {
        return value == null || value < 0 || value > Short.MAX_VALUE ? null : value.intValue();
    }

    private static Double decimal(JsonValue value) {
        return value instanceof JsonNumber n ? n.doubleValue() : null;
    }
}
