package io.corral.pvesim;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Reading guests of one type: {@code /nodes/{node}/qemu…} or {@code /nodes/{node}/lxc…}. */
final class GuestResource {

    private static final List<String> GUEST_INDEX_QEMU = List.of("config", "pending", "status", "unlink",
            "vncproxy", "termproxy", "migrate", "resize", "move", "rrd", "rrddata", "monitor", "agent", "snapshot",
            "spiceproxy", "sendkey", "firewall", "mtunnel", "remote_migrate");
    private static final List<String> GUEST_INDEX_LXC = List.of("config", "status", "vncproxy", "termproxy",
            "vncwebsocket", "spiceproxy", "migrate", "clone", "snapshot", "firewall", "rrd", "rrddata", "pending",
            "interfaces", "mtunnel", "remote_migrate");
    private static final List<String> STATUS_INDEX_QEMU = List.of("current", "start", "stop", "reset",
            "shutdown", "reboot", "suspend", "resume");
    private static final List<String> STATUS_INDEX_LXC = List.of("current", "start", "stop", "shutdown",
            "suspend", "resume", "reboot");

    private final GuestType type;
    private final ClusterState state;
    private final Clock clock;

    GuestResource(GuestType type, ClusterState state, Clock clock) {
        this.type = type;
        this.state = state;
        this.clock = clock;
    }

    void register(Router router) {
        String base = "/nodes/{node}/" + type.apiName();
        router.add("GET", base, this::list);
        router.add("GET", base + "/{vmid}", request -> {
            guest(request);
            return subdirs(type == GuestType.QEMU ? GUEST_INDEX_QEMU : GUEST_INDEX_LXC);
        });
        router.add("GET", base + "/{vmid}/status", request -> {
            guest(request);
            return subdirs(type == GuestType.QEMU ? STATUS_INDEX_QEMU : STATUS_INDEX_LXC);
        });
        router.add("GET", base + "/{vmid}/status/current",
                request -> GuestView.current(guest(request).snapshot(clock.instant())));
        router.add("GET", base + "/{vmid}/config", request -> GuestConfig.of(guest(request)));
    }

    private Object list(ApiRequest request) {
        state.requireNode(request.node());
        return state.guests(request.node(), type).stream()
                .map(guest -> GuestView.listEntry(guest.snapshot(clock.instant())))
                .toList();
    }

    private Guest guest(ApiRequest request) {
        return state.requireGuest(request.node(), type, request.vmid());
    }

    private static List<Map<String, String>> subdirs(List<String> names) {
        return names.stream().map(name -> Map.of("subdir", name)).toList();
    }
}
