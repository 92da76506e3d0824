package io.corral.agent.pve;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Client for the Proxmox VE HTTP API ({@code /api2/json}) with API-token authentication.
 * Thread-safe; one instance per Proxmox cluster. Typed calls for what the agent reads, plus
 * {@link #get(String)} for the rest.
 */
public class PveClient {

    private final PveSettings settings;
    private final PveHttp http;

    public PveClient(PveSettings settings) {
        this.settings = settings;
        // A bad URL or fingerprint must not break the deployment: every call reports it instead.
        this.http = new PveHttp(settings);
    }

    public PveSettings settings() {
        return settings;
    }

    /** {@code GET /version}. */
    public PveVersion version() throws PveException {
        return PveVersion.fromJson(asObject(get("/version"), "/version"));
    }

    /** {@code GET /nodes}, sorted by node name. */
    public List<PveNode> nodes() throws PveException {
        return asArray(get("/nodes"), "/nodes").getValuesAs(JsonObject.class).stream()
                .map(PveNode::fromJson)
                .filter(node -> node.name() != null)
                .sorted(Comparator.comparing(PveNode::name))
                .toList();
    }

    /** Every VM and container on every node ({@code GET /cluster/resources?type=vm}), by vmid. */
    public List<PveGuest> guests() throws PveException {
        String path = "/cluster/resources?type=vm";
        return asArray(get(path), path).getValuesAs(JsonObject.class).stream()
                .map(PveGuest::fromJson)
                .filter(guest -> (guest.isVm() || guest.isContainer()) && guest.vmid() > 0)
                .sorted(Comparator.comparingInt(PveGuest::vmid))
                .toList();
    }

    /**
     * {@code GET /nodes/{node}/{type}/{vmid}/status/current}: the live state of one guest.
     * {@code node} must already be a valid node name (it becomes a path segment).
     */
    public PveGuestStatus guestStatus(String node, String type, int vmid) throws PveException {
        String path = "/nodes/" + node + "/" + type + "/" + vmid + "/status/current";
        return PveGuestStatus.fromJson(node, type, asObject(get(path), path));
    }

    /**
     * {@code GET} a path below {@code /api2/json} (with its query string, already encoded) and
     * return the {@code data} member of the answer.
     */
    public JsonValue get(String path) throws PveException {
        return http.get(path);
    }

    /**
     * {@code POST} form parameters to a path below {@code /api2/json} and return the {@code data}
     * member (for long operations the task's UPID as a JSON string).
     */
    public JsonValue post(String path, Map<String, String> params) throws PveException {
        return http.post(path, params);
    }

    /** {@code PUT} form parameters (e.g. {@code …/config}) and return the {@code data} member. */
    public JsonValue put(String path, Map<String, String> params) throws PveException {
        return http.put(path, params);
    }

    /** {@code DELETE} a path (its query string already encoded) and return the {@code data} member. */
    public JsonValue delete(String path) throws PveException {
        return http.delete(path);
    }

    /** {@code POST} that starts a task: returns its UPID. */
    public String postForTask(String path, Map<String, String> params) throws PveException {
        return upidOf(post(path, params), path);
    }

    /** {@code DELETE} that starts a task (e.g. destroying a guest): returns its UPID. */
    public String deleteForTask(String path) throws PveException {
        return upidOf(delete(path), path);
    }

    /** {@code GET /nodes/{node}/tasks/{upid}/status}. */
    public PveTaskStatus taskStatus(String node, String upid) throws PveException {
        String path = "/nodes/" + node + "/tasks/" + encode(upid) + "/status";
        return PveTaskStatus.fromJson(node, upid, asObject(get(path), path));
    }

    /** {@code DELETE /nodes/{node}/tasks/{upid}}: stops a running task (as a SIGTERM does). */
    public void stopTask(String node, String upid) throws PveException {
        delete("/nodes/" + node + "/tasks/" + encode(upid));
    }

    /**
     * The last {@code lines} lines of a task's log ({@code GET /nodes/{node}/tasks/{upid}/log}): asks
     * for the total first, then for the tail.
     */
    public List<String> taskLogTail(String node, String upid, int lines) throws PveException {
        String base = "/nodes/" + node + "/tasks/" + encode(upid) + "/log";
        JsonObject first = http.getBody(base + "?start=0&limit=" + Math.max(1, lines));
        long total = first.get("total") == null ? -1 : PveJson.longValue(first, "total");
        JsonValue data = first.get("data");
        if (total > lines) {
            data = http.getBody(base + "?start=" + (total - lines) + "&limit=" + lines).get("data");
        }
        List<String> text = lines(data);
        return text.size() > lines ? List.copyOf(text.subList(text.size() - lines, text.size())) : List.copyOf(text);
    }

    /**
     * Lines of a task's log from line {@code start} (0-based) on, at most {@code limit}
     * ({@code GET /nodes/{node}/tasks/{upid}/log?start=N&limit=M}). A log with nothing in it yet reads
     * empty (Proxmox answers it with the placeholder line {@code no content}).
     */
    public List<String> taskLog(String node, String upid, int start, int limit) throws PveException {
        JsonValue data = http.getBody("/nodes/" + node + "/tasks/" + encode(upid) + "/log?start="
                + Math.max(0, start) + "&limit=" + Math.max(1, limit)).get("data");
        List<String> text = lines(data);
        if (start == 0 && text.size() == 1 && "no content".equals(text.get(0))) {
            return List.of();
        }
        return List.copyOf(text);
    }

    /** The {@code t} of each entry of a task log's {@code data} array. */
    private static List<String> lines(JsonValue data) {
        List<String> text = new ArrayList<>();
        if (data instanceof JsonArray array) {
            for (JsonValue line : array) {
                if (line instanceof JsonObject entry) {
                    String t = PveJson.string(entry, "t");
                    text.add(t == null ? "" : t);
                }
            }
        }
        return text;
    }

    /** URL-encodes one path segment (a UPID carries {@code :}, {@code @} and {@code !}). */
    public static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static String upidOf(JsonValue data, String path) throws PveException {
        if (data instanceof jakarta.json.JsonString upid && upid.getString().startsWith("UPID:")) {
            return upid.getString();
        }
        throw PveException.unexpectedAnswer("unexpected answer to " + path + ": data is not a task UPID");
    }

    private static JsonObject asObject(JsonValue data, String path) throws PveException {
        if (data instanceof JsonObject object) {
            return object;
        }
        throw PveException.unexpectedAnswer("unexpected answer to " + path + ": data is not an object");
    }

    private static JsonArray asArray(JsonValue data, String path) throws PveException {
        if (data instanceof JsonArray array) {
            return array;
        }
        throw PveException.unexpectedAnswer("unexpected answer to " + path + ": data is not a list");
    }
}
