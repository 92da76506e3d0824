package io.corral.pvesim;

import java.time.Clock;

/**
 * {@code POST /nodes/{node}/qemu|lxc/{vmid}/clone}: checks what PVE checks before forking the
 * worker, creates the half-made guest (so its VMID is taken at once) and starts a
 * {@link CloneOperation}.
 */
final class CloneResource {

    private final GuestType type;
    private final ClusterState state;
    private final TaskRunner runner;
    private final FileLocks fileLocks;
    private final SimConfig config;
    private final Clock clock;

    CloneResource(GuestType type, ClusterState state, TaskRunner runner, FileLocks fileLocks, SimConfig config,
                  Clock clock) {
        this.type = type;
        this.state = state;
        this.runner = runner;
        this.fileLocks = fileLocks;
        this.config = config;
        this.clock = clock;
    }

    void register(Router router) {
        router.add("POST", "/nodes/{node}/" + type.apiName() + "/{vmid}/clone", this::cloneGuest);
    }

    private String cloneGuest(ApiRequest request) {
        Node node = state.requireNode(request.node());
        Guest source = state.requireGuest(request.node(), type, request.vmid());
        int newid = request.intParam("newid", 0);
        String target = request.param("target").filter(t -> !t.equals(request.node())).orElse(null);
        if (target != null && state.nodes().stream().noneMatch(n -> n.name().equals(target))) {
            throw PveException.internal("no such cluster node '" + target + "'");
        }
        boolean full = request.param("full").isPresent() ? request.flag("full") : !source.isTemplate();
        if (!full && !source.isTemplate()) {
            throw PveException.internal("Linked clone feature is not supported for '" + type.noun() + " "
                    + source.vmid() + "' (need template)");
        }
        if (!full && request.param("storage").isPresent()) {
            throw PveException.internal("parameter 'storage' not allowed for linked clones");
        }
        request.param("snapname").filter(s -> !s.equals("current")).ifPresent(s -> {
            throw PveException.internal("snapshot '" + s + "' does not exist");
        });
        String lock = source.lock();
        if (lock != null) {
            throw PveException.internal(type.noun() + " is locked (" + lock + ")");
        }
        if (state.isVmidUsed(newid)) {
            throw alreadyExists(newid);
        }
        String name = request.param(type == GuestType.QEMU ? "name" : "hostname")
                .orElse(type == GuestType.QEMU ? "Copy-of-VM-" + source.name() : source.name());
        Guest copy = Guest.cloneOf(source, newid, name, request.param("description").orElse(null), clock.instant());
        takeSourceLock(source);
        if (!state.addGuest(copy)) {
            releaseSourceLock(source);
            throw alreadyExists(newid);
        }
        CloneOperation clone = new CloneOperation(runner, state, fileLocks, source, copy, target, full);
        return clone.start(node, request.user(), config.cloneDuration(CloneKind.of(type, full)),
                config.scaledLockTimeout()).upid().toString();
    }

    /** A container's config lock is set before the worker starts: a second clone fails at once. */
    private void takeSourceLock(Guest source) {
        if (type == GuestType.LXC) {
            String inTheWay = source.tryLock(CloneOperation.SOURCE_LOCK_LXC);
            if (inTheWay != null) {
                throw PveException.internal("CT is locked (" + inTheWay + ")");
            }
        }
    }

    private void releaseSourceLock(Guest source) {
        if (type == GuestType.LXC) {
            source.unlock(CloneOperation.SOURCE_LOCK_LXC);
        }
    }

    private PveException alreadyExists(int newid) {
        return PveException.internal(type == GuestType.QEMU
                ? "unable to create VM " + newid + ": config file already exists"
                : "CT " + newid + " already exists");
    }
}
