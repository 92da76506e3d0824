package io.corral.pvesim;

import java.time.Clock;
import java.util.List;

/**
 * {@code POST …/{vmid}/status/start|stop|shutdown}: each starts a task and answers its UPID at once;
 * the guest changes state when the task ends. Repeating an action the guest is already in succeeds.
 */
final class PowerResource {

    private final GuestType type;
    private final ClusterState state;
    private final TaskRunner tasks;
    private final SimConfig config;
    private final Clock clock;

    PowerResource(GuestType type, ClusterState state, TaskRunner tasks, SimConfig config, Clock clock) {
        this.type = type;
        this.state = state;
        this.tasks = tasks;
        this.config = config;
        this.clock = clock;
    }

    void register(Router router) {
        for (PowerAction action : PowerAction.values()) {
            router.add("POST", "/nodes/{node}/" + type.apiName() + "/{vmid}/status/" + action.apiName(),
                    request -> power(request, action));
        }
    }

    private String power(ApiRequest request, PowerAction action) {
        Node node = state.requireNode(request.node());
        Guest guest = state.requireGuest(request.node(), type, request.vmid());
        if (action == PowerAction.START && guest.isTemplate()) {
            throw PveException.internal(type == GuestType.QEMU
                    ? "you can't start a vm if it's a template"
                    : "you can't start a CT if it's a template");
        }
        String lock = guest.lock();
        if (lock != null && !request.flag("skiplock")) {
            throw PveException.internal(type.noun() + " is locked (" + lock + ")");
        }
        Task task = tasks.launch(node, type.taskType(action.apiName()), String.valueOf(guest.vmid()), request.user(),
                config.taskDuration(action), firstLines(action, guest), List.of(),
                () -> guest.setState(action.outcome(), clock.instant()));
        return task.upid().toString();
    }

    /** What PVE typically logs before the task result line. */
    private List<String> firstLines(PowerAction action, Guest guest) {
        if (type == GuestType.QEMU && action == PowerAction.START) {
            return List.of("generating cloud-init ISO");
        }
        if (action == PowerAction.SHUTDOWN) {
            return List.of("requesting shutdown of " + type.noun() + " " + guest.vmid());
        }
        return List.of();
    }
}
