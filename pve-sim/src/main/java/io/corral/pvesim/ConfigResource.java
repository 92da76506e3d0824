package io.corral.pvesim;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code PUT …/{vmid}/config} (synchronous, answers {@code null}) and, for VMs,
 * {@code POST …/{vmid}/config} (a {@code qmconfig} task, answers its UPID). {@code name}/{@code hostname},
 * {@code memory} and {@code cores} change the guest's figures; other keys are kept as given and shown
 * by {@code GET …/config}. {@code delete} removes keys, {@code digest} guards against concurrent edits.
 */
final class ConfigResource {

    /** Parameters that steer the call rather than being config keys. */
    private static final Set<String> NOT_CONFIG = Set.of("node", "vmid", "digest", "delete", "skiplock", "force",
            "revert", "background_delay");
    private static final Duration ASYNC_DURATION = Duration.ofSeconds(1);

    private final GuestType type;
    private final ClusterState state;
    private final TaskRunner tasks;
    private final SimConfig config;

    ConfigResource(GuestType type, ClusterState state, TaskRunner tasks, SimConfig config) {
        this.type = type;
        this.state = state;
        this.tasks = tasks;
        this.config = config;
    }

    void register(Router router) {
        String path = "/nodes/{node}/" + type.apiName() + "/{vmid}/config";
        router.add("PUT", path, request -> {
            checked(request).run();
            return null;
        });
        if (type == GuestType.QEMU) {
            router.add("POST", path, request -> {
                Runnable update = checked(request);
                Duration duration = Duration.ofNanos((long) (ASYNC_DURATION.toNanos() * config.timeFactor()));
                return tasks.launch(state.requireNode(request.node()), type.taskType("config"),
                        String.valueOf(request.vmid()), request.user(), duration, List.of(), List.of(), update)
                        .upid().toString();
            });
        }
    }

    /** Checks the call now and returns the update to apply. */
    private Runnable checked(ApiRequest request) {
        Guest guest = state.requireGuest(request.node(), type, request.vmid());
        String lock = guest.lock();
        if (lock != null && !request.flag("skiplock")) {
            throw PowerResource.locked(type, lock);
        }
        request.param("digest").ifPresent(digest -> {
            if (!digest.equals(GuestConfig.of(guest).get("digest"))) {
                throw PveException.internal("detected modified configuration - file changed by other user? "
                        + "Try again.");
            }
        });
        List<String> deletes = request.param("delete").map(d -> Arrays.asList(d.split("[,;\\s]+"))).orElse(List.of());
        for (String key : deletes) {
            if (request.params().containsKey(key)) {
                throw PveException.parameter(key, "you can't use '-" + key + "' and '-delete " + key
                        + "' at the same time");
            }
        }
        return () -> {
            deletes.stream().filter(k -> !k.isBlank()).forEach(key -> guest.configure(key, null));
            for (Map.Entry<String, String> e : request.params().entrySet()) {
                if (!NOT_CONFIG.contains(e.getKey())) {
                    guest.configure(e.getKey(), e.getValue());
                }
            }
        };
    }
}
