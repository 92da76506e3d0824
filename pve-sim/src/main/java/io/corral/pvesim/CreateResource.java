package io.corral.pvesim;

import java.time.Clock;

/**
 * {@code POST /nodes/{node}/qemu|lxc}: checks what PVE checks before forking the worker (storages,
 * volumes, OS template, a free VMID), creates the guest at once ({@code lock: create}, so its VMID is
 * taken) and starts a {@link CreateOperation}. A container's VMID is checked before anything else, a
 * VM's after its storages, in PVE's order.
 */
final class CreateResource {

    private final GuestType type;
    private final ClusterState state;
    private final TaskRunner runner;
    private final SimConfig config;
    private final Clock clock;
    private final SchemaValidator schema;

    CreateResource(GuestType type, ClusterState state, TaskRunner runner, SimConfig config, Clock clock,
                   SchemaValidator schema) {
        this.type = type;
        this.state = state;
        this.runner = runner;
        this.config = config;
        this.clock = clock;
        this.schema = schema;
    }

    void register(Router router) {
        router.add("POST", "/nodes/{node}/" + type.apiName(), this::create);
    }

    private String create(ApiRequest request) {
        Node node = state.requireNode(request.node());
        int vmid = request.intParam("vmid", 0);
        if (type == GuestType.LXC) {
            checkUnused(vmid);
        }
        CreatePlan plan = type == GuestType.QEMU ? QemuCreate.plan(request, schema, clock.instant())
                : LxcCreate.plan(request, schema);
        checkUnused(vmid);
        Guest guest = Guest.created(node.name(), type, vmid, plan.maxdisk(), plan.config(), clock.instant());
        if (!state.addGuest(guest)) {
            checkUnused(vmid); // taken meanwhile: says by what
            throw PveException.internal("VMID " + vmid + " was taken meanwhile");
        }
        CreateOperation create = new CreateOperation(runner, state, config, clock, guest);
        return create.start(node, request.user(), plan, request.flag("start")).upid().toString();
    }

    /** PVE's {@code check_vmid_unused}; a VM's create prefixes it with what it was doing. */
    private void checkUnused(int vmid) {
        state.guests().stream().filter(g -> g.vmid() == vmid).findFirst().ifPresent(existing -> {
            String exists = existing.type().noun() + " " + vmid + " already exists on node '" + existing.node() + "'";
            throw PveException.internal(type == GuestType.QEMU ? "unable to create VM " + vmid + " - " + exists : exists);
        });
    }
}
