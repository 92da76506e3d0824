package io.corral.pvesim;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /cluster/resources}, {@code /cluster/nextid} and {@code /cluster/tasks}. */
final class ClusterResource {

    private final ClusterState state;
    private final Clock clock;

    ClusterResource(ClusterState state, Clock clock) {
        this.state = state;
        this.clock = clock;
    }

    void register(Router router) {
        router.add("GET", "/cluster/resources", request -> resources(request.param("type").orElse(null)));
        router.add("GET", "/cluster/nextid", this::nextId);
        router.add("GET", "/cluster/tasks",
                request -> state.tasks().stream().map(TaskResource::listEntry).toList());
    }

    private List<Map<String, Object>> resources(String type) {
        Instant now = clock.instant();
        List<Map<String, Object>> resources = new ArrayList<>();
        if (type == null || type.equals("vm")) {
            state.guests().forEach(guest -> resources.add(GuestView.clusterEntry(guest.snapshot(now))));
        }
        for (Node node : state.nodes()) {
            if (type == null || type.equals("node")) {
                resources.add(NodeResource.listEntry(node, now));
            }
            if (type == null || type.equals("storage")) {
                resources.add(storage(node));
            }
            if (type == null || type.equals("sdn")) {
                resources.add(Map.of("id", "sdn/" + node.name() + "/localnetwork", "type", "sdn",
                        "sdn", "localnetwork", "node", node.name(), "status", "ok"));
            }
        }
        return resources;
    }

    /** Each node's thin pool, where the guest disks live. */
    private static Map<String, Object> storage(Node node) {
        Map<String, Object> storage = new LinkedHashMap<>();
        storage.put("id", "storage/" + node.name() + "/local-lvm");
        storage.put("type", "storage");
        storage.put("storage", "local-lvm");
        storage.put("node", node.name());
        storage.put("status", "available");
        storage.put("plugintype", "lvmthin");
        storage.put("content", "images,rootdir");
        storage.put("shared", 0);
        storage.put("disk", node.maxdisk() * 3);
        storage.put("maxdisk", node.maxdisk() * 8);
        return storage;
    }

    /** PVE answers the id as a string, and does not reserve it. */
    private String nextId(ApiRequest request) {
        if (request.param("vmid").isPresent()) {
            int vmid = request.intParam("vmid", 0);
            if (state.isVmidUsed(vmid)) {
                throw PveException.parameter("vmid", "VM " + vmid + " already exists");
            }
            return String.valueOf(vmid);
        }
        return String.valueOf(state.nextFreeVmid());
    }
}
