package io.corral.pvesim;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * One running create ({@code qmcreate}/{@code vzcreate}). The new guest already exists with
 * {@code lock: create}; success unlocks it and, when the call asked for {@code start}, starts it in a
 * task of its own ({@code qmstart}/{@code vzstart}), as PVE's worker does by calling the start API.
 * Failure or a stop removes the guest, as PVE removes the config of a create that did not finish.
 */
final class CreateOperation {

    static final String LOCK = "create";

    private final TaskRunner runner;
    private final ClusterState state;
    private final SimConfig config;
    private final Clock clock;
    private final Guest guest;

    CreateOperation(TaskRunner runner, ClusterState state, SimConfig config, Clock clock, Guest guest) {
        this.runner = runner;
        this.state = state;
        this.config = config;
        this.clock = clock;
        this.guest = guest;
    }

    /** Starts the task; its UPID is returned at once. */
    Task start(Node node, String user, CreatePlan plan, boolean startAfter) {
        GuestType type = guest.type();
        return runner.launch(node, type.taskType("create"), String.valueOf(guest.vmid()), user,
                config.createDuration(CreateKind.of(type)), plan.firstLines(), plan.lastLines(),
                () -> succeed(node, user, startAfter), () -> state.removeGuest(guest));
    }

    private void succeed(Node node, String user, boolean startAfter) {
        guest.unlock(LOCK);
        if (startAfter) {
            Duration duration = config.taskDuration(PowerAction.START);
            runner.launch(node, guest.type().taskType("start"), String.valueOf(guest.vmid()), user, duration,
                    List.of(), List.of(), () -> guest.setState(RunState.RUNNING, clock.instant()));
        }
    }
}
