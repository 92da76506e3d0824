package io.corral.console;

import io.corral.platform.json.Jsons;
import io.corral.command.CommandRow;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.stream.JsonGenerator;

import java.io.StringReader;
import java.io.StringWriter;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;

/** How the command pages word a command: its target, its duration, times, pretty JSON. */
final class CommandLabels {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final JsonWriterFactory PRETTY = Jsons.JSON.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true));

    private CommandLabels() {
    }

    /** What the command acts on, from its payload: {@code pve1/9000 → 730 (name)}, a host, or a dash. */
    static String target(CommandRow c) {
        JsonObject p = object(c.payload());
        if (p == null) {
            return "—";
        }
        StringBuilder s = new StringBuilder();
        String node = text(p, "node");
        String vmid = text(p, "vmid");
        if (vmid != null) {
            s.append(node == null ? "" : node + "/").append(vmid);
            String newid = text(p, "newid");
            if (newid != null) {
                s.append(" → ").append(newid);
            }
        } else if (text(p, "upid") != null) {
            String[] upid = text(p, "upid").split(":");
            s.append("task ").append(upid.length > 6 ? upid[1] + " " + upid[5] + " " + upid[6] : text(p, "upid"));
        } else {
            for (String key : new String[] {"target", "host", "vm", "name", "agent"}) {
                if (text(p, key) != null) {
                    s.append(text(p, key));
                    break;
                }
            }
        }
        String name = vmid != null ? text(p, "name") : null;
        if (name != null) {
            s.append(" (").append(name).append(')');
        }
        return s.length() == 0 ? "—" : s.toString();
    }

    /** Running time: start (or lease) to end, or to now while it runs; a dash while (again) queued. */
    static String duration(CommandRow c) {
        OffsetDateTime from = c.startedAt() != null ? c.startedAt() : c.leasedAt();
        if (from == null || c.status() == io.corral.command.CommandStatus.QUEUED) {
            return "—";
        }
        Duration d = Duration.between(from, c.finishedAt() != null ? c.finishedAt() : OffsetDateTime.now());
        long ms = Math.max(0, d.toMillis());
        if (ms < 10_000) {
            return String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0);
        }
        long s = ms / 1000;
        if (s < 60) {
            return s + " s";
        }
        return s < 3600 ? (s / 60) + " min " + (s % 60) + " s" : (s / 3600) + " h " + (s % 3600 / 60) + " min";
    }

    static String time(OffsetDateTime t) {
        return t == null ? "—" : t.atZoneSameInstant(ZoneOffset.UTC).format(TIME);
    }

    static String shortId(CommandRow c) {
        return c.id().toString().substring(0, 8);
    }

    /** JSON text indented for reading; the text as is when it is not JSON, a dash when absent. */
    static String pretty(String json) {
        if (json == null || json.isBlank() || "null".equals(json.strip())) {
            return "—";
        }
        try {
            JsonValue v = Jsons.JSON.createReader(new StringReader(json)).readValue();
            StringWriter out = new StringWriter();
            try (JsonWriter w = PRETTY.createWriter(out)) {
                w.write(v);
            }
            return out.toString().strip();
        } catch (RuntimeException e) {
            return json;
        }
    }

    /** {@code {"at","message","percent"}} in words: "message (40 %) at 12:00:01"; a dash when none. */
    static String progress(String json) {
        JsonObject p = json == null ? null : object(json);
        if (p == null) {
            return "—";
        }
        String message = text(p, "message");
        String percent = text(p, "percent");
        String at = text(p, "at");
        String when = "";
        if (at != null) {
            try {
                when = " · " + time(OffsetDateTime.parse(at));
            } catch (RuntimeException e) {
                when = " · " + at;
            }
        }
        return (message == null || message.isBlank() ? "(no message)" : message)
                + (percent == null ? "" : " (" + percent + " %)") + when;
    }

    private static JsonObject object(String json) {
        try {
            JsonValue v = Jsons.JSON.createReader(new StringReader(json)).readValue();
            return v instanceof JsonObject o ? o : null;
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String text(JsonObject o, String key) {
        JsonValue v = o.get(key);
        if (v instanceof JsonString s) {
            return s.getString();
        }
        return v instanceof JsonNumber n ? n.toString() : null;
    }
}
