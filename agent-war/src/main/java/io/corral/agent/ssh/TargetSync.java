package io.corral.agent.ssh;

import io.corral.agent.control.ControlPlaneClient;
import io.corral.agent.control.ControlPlaneException;
import io.corral.agent.control.ControlPlaneResponse;
import io.corral.agent.platform.PrivateFiles;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Keeps the SSH targets file in step with the targets admins registered in the control plane:
 * when a heartbeat answer shows a new {@code targetsVersion}, fetch the list and write it
 * atomically (the targets directory re-reads the file when it changes). Keys never travel: a
 * target names its key by {@code keyRef}, which the targets directory checks against the agent's
 * own key directory whenever a command uses the target.
 */
public final class TargetSync {
    private static final Logger LOG = Logger.getLogger(TargetSync.class.getName());
    private static final String PATH = "/api/v1/agent/targets";

    private final ControlPlaneClient controlPlane;
    private final Path targetsFile;
    private long synced = -1;

    public TargetSync(ControlPlaneClient controlPlane, Path targetsFile) {
        this.controlPlane = controlPlane;
        this.targetsFile = targetsFile;
    }

    /** Fetches and writes the targets if {@code version} is new; never throws. */
    public synchronized void sync(long version) {
        if (version < 0 || version == synced) {
            return;
        }
        try {
            ControlPlaneResponse r = controlPlane.get(PATH, Duration.ofSeconds(10));
            if (!r.isSuccess() || r.body() == null) {
                LOG.warning(() -> "SSH targets not fetched: " + r.summary());
                return;
            }
            write(r.body());
            synced = r.body().getJsonNumber("version").longValue();
            LOG.info(() -> "SSH targets synced from the control plane: version " + synced);
        } catch (ControlPlaneException | IOException | RuntimeException e) {
            LOG.warning(() -> "SSH targets not synced: " + e.getMessage());
        }
    }

    private void write(JsonObject answer) throws IOException {
        JsonArrayBuilder out = Json.createArrayBuilder();
        for (JsonValue v : answer.getJsonArray("targets")) {
            JsonObject t = v.asJsonObject();
            var target = Json.createObjectBuilder()
                    .add("name", t.getString("name"))
                    .add("host", t.getString("host"))
                    .add("port", t.getInt("port"))
                    .add("user", t.getString("user"))
                    // Kept as a name: the targets directory checks it against the key directory at each use.
                    .add("keyRef", t.getString("keyRef"))
                    .add("hostKey", t.getString("hostKey"));
            if (t.get("node") instanceof jakarta.json.JsonString node) {
                target.add("node", node.getString());
            }
            if (t.get("vmid") instanceof jakarta.json.JsonNumber vmid) {
                target.add("vmid", vmid.intValue());
            }
            out.add(target);
        }
        PrivateFiles.write(targetsFile, out.build().toString().getBytes(StandardCharsets.UTF_8));
    }
}
