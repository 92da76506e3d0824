package io.corral.pvesim;

import java.util.Map;

/** {@code GET /version}: the pve-manager release the simulator imitates. */
final class VersionResource {

    static final String VERSION = "8.2.4";
    static final String RELEASE = "8.2";
    static final String REPO_ID = "faa83925c9641325";

    void register(Router router) {
        router.add("GET", "/version", request -> Map.of("version", VERSION, "release", RELEASE, "repoid", REPO_ID));
    }
}
