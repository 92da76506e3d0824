package io.corral.agent.pve;

import jakarta.json.JsonObject;

/** {@code GET /version}: the pve-manager version of the node answering, e.g. {@code 8.2.4}. */
public record PveVersion(String version, String release, String repoid) {

    public static PveVersion fromJson(JsonObject data) {
        return new PveVersion(PveJson.string(data, "version"), PveJson.string(data, "release"),
                PveJson.string(data, "repoid"));
    }
}
