package io.corral.pvesim;

import java.time.Clock;
import java.util.List;

/**
 * {@code POST …/{vmid}/status/start|stop|shutdown|suspend|resume}: each starts a task and answers its
 * UPID at once; the guest changes state when the task ends. Repeating an action the guest is already
 * in succeeds. {@code suspend} with {@code todisk=1} hibernates (stopped, {@code lock: suspended});
 * {@code start} of a hibernated guest resumes it.
 */
final class PowerResource {

    static final String HIBERNATED = "suspended";
    private static final String HIBERNATING = "suspending";

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
        for (PowerAction action : List.of(PowerAction.START, PowerAction.STOP, PowerAction.SHUTDOWN,
                PowerAction.SUSPEND, PowerAction.RESUME)) {
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
        boolean resumesHibernated = action == PowerAction.START && HIBERNATED.equals(lock);
        if (lock != null && !resumesHibernated && !request.flag("skiplock")) {
            throw locked(type, lock);
        }
        if ((action == PowerAction.SUSPEND || action == PowerAction.RESUME) && !guest.state().isRunning()) {
            throw PveException.internal(type.noun() + " " + guest.vmid() + " not running");
        }
        boolean hibernate = action == PowerAction.SUSPEND && request.flag("todisk");
        if (hibernate) {
            String inTheWay = guest.tryLock(HIBERNATING);
            if (inTheWay != null) {
                throw locked(type, inTheWay);
            }
        }
        Runnable effect = hibernate ? () -> {
            guest.setState(RunState.STOPPED, clock.instant());
            guest.setLock(HIBERNATED);
        } : () -> {
            guest.setState(action.outcome(), clock.instant());
            if (resumesHibernated) {
                guest.unlock(HIBERNATED);
            }
        };
        Runnable undo = hibernate ? () -> guest.unlock(HIBERNATING) : () -> { };
        Task task = tasks.launch(node, type.taskType(action.apiName()), String.valueOf(guest.vmid()), request.user(),
                config.taskDuration(action), firstLines(action, guest, hibernate, resumesHibernated), List.of(),
                effect, undo);
        return task.upid().toString();
    }

    static PveException locked(GuestType type, String lock) {
        return PveException.internal(type.noun() + " is locked (" + lock + ")");
    }

    /** What PVE typically logs before the task result line. */
    private List<String> firstLines(PowerAction action, Guest guest, boolean hibernate, boolean resumes) {
        if (resumes) {
            return List.of("resuming VM " + guest.vmid() + " from suspended state");
        }
        if (hibernate) {
            return List.of("suspending VM " + guest.vmid() + " to disk", "saving VM state to local-lvm:vm-"
                    + guest.vmid() + "-state-suspend-" + java.time.LocalDate.now(clock) + "");
        }
        if (type == GuestType.QEMU && action == PowerAction.START) {
            return List.of("generating cloud-init ISO");
        }
        if (action == PowerAction.SHUTDOWN) {
            return List.of("requesting shutdown of " + type.noun() + " " + guest.vmid());
        }
        return List.of();
    }
}
