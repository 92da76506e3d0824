package io.corral.pvesim;

import java.util.ArrayList;
import java.util.List;

/**
 * {@code DELETE /nodes/{node}/qemu|lxc/{vmid}}: a {@code qmdestroy}/{@code vzdestroy} task that
 * removes a stopped, unlocked guest. While it runs the guest is {@code lock: destroyed}.
 */
final class DestroyResource {

    private static final String DESTROYING = "destroyed";

    private final GuestType type;
    private final ClusterState state;
    private final TaskRunner tasks;
    private final SimConfig config;

    DestroyResource(GuestType type, ClusterState state, TaskRunner tasks, SimConfig config) {
        this.type = type;
        this.state = state;
        this.tasks = tasks;
        this.config = config;
    }

    void register(Router router) {
        router.add("DELETE", "/nodes/{node}/" + type.apiName() + "/{vmid}", this::destroy);
    }

    private String destroy(ApiRequest request) {
        Node node = state.requireNode(request.node());
        Guest guest = state.requireGuest(request.node(), type, request.vmid());
        String lock = guest.lock();
        if (lock != null && !request.flag("skiplock")) {
            throw PowerResource.locked(type, lock);
        }
        if (guest.state().isRunning() && !request.flag("force")) {
            throw PveException.internal(type.noun() + " " + guest.vmid() + " is running - destroy failed");
        }
        String inTheWay = guest.tryLock(DESTROYING);
        if (inTheWay != null && !request.flag("skiplock")) {
            throw PowerResource.locked(type, inTheWay);
        }
        Task task = tasks.launch(node, type.taskType("destroy"), String.valueOf(guest.vmid()), request.user(),
                config.taskDuration(PowerAction.DESTROY), List.of(), lastLines(guest, request.flag("purge")),
                () -> state.removeGuest(guest), () -> guest.unlock(DESTROYING));
        return task.upid().toString();
    }

    private List<String> lastLines(Guest guest, boolean purge) {
        List<String> lines = new ArrayList<>();
        lines.add("  Logical volume \"" + GuestConfig.volume(guest) + "\" successfully removed.");
        if (purge) {
            lines.add("purging " + type.noun() + " " + guest.vmid() + " from related configurations..");
        }
        return lines;
    }
}
