package io.corral.clone;

import io.corral.platform.json.Jsons;
import io.corral.command.CommandRow;
import io.corral.command.CommandService;
import io.corral.command.EnqueueRequest;
import io.corral.fleet.Agent;
import io.corral.fleet.AgentService;
import io.corral.fleet.Vm;
import io.corral.fleet.VmService;
import io.corral.fleet.VmidReservations;
import io.corral.platform.error.ConflictProblem;
import io.corral.platform.error.NotFoundProblem;
import io.corral.platform.error.ValidationProblem;
import io.corral.platform.rest.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.transaction.Transactional;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.stream.IntStream;

/** The rules of clone runs: create (validated against the fleet), queue an item, cancel, retry failures. */
@ApplicationScoped
@Transactional
public class CloneRunService {
    private static final Logger LOG = Logger.getLogger(CloneRunService.class.getName());

    @Inject
    CloneRunStore store;

    @Inject
    CloneSettings settings;

    @Inject
    CommandService commands;

    @Inject
    AgentService agents;

    @Inject
    VmService vms;

    @Inject
    VmidReservations vmids;

    /** Validates the request against the fleet and records the run with its pending items. */
    public CloneRun create(CloneRunRequest r, String caller) {
        CloneRunRules.check(r);
        Vm template = template(r);
        if (!template.isTemplate()) {
            throw new ValidationProblem(r.vm() != null ? "vm" : "vmid", "guest " + template.getVmid() + " on "
                    + template.getNode() + " is not a template");
        }
        List<String> names = IntStream.rangeClosed(1, r.count())
                .mapToObj(n -> r.namePattern().replace("{n}", Integer.toString(n))).toList();
        List<String> taken = new ArrayList<>(vms.namesTaken(template.getAgentId(), names));
        taken.addAll(store.liveNames(template.getAgentId(), names));
        if (!taken.isEmpty()) {
            throw new ValidationProblem("namePattern", "names already in use on this agent: "
                    + String.join(", ", taken.stream().distinct().sorted().limit(10).toList()));
        }
        CloneRun run = new CloneRun(UUID.randomUUID(), template.getAgentId(), template.getNode(), template.getVmid(),
                r.targetNode(), r.count(), r.namePattern(), r.full() == null || r.full(), r.storage(),
                Boolean.TRUE.equals(r.start()), r.tags() == null || r.tags().isEmpty() ? null
                        : String.join(";", r.tags()), r.service(), CloneRunStatus.QUEUED, false, caller,
                OffsetDateTime.now().truncatedTo(ChronoUnit.MICROS), null, null);
        store.insert(run);
        LOG.info(() -> "Clone run " + run.id() + " created by " + caller + ": " + run.count() + " clones of "
                + run.node() + "/" + run.templateVmid() + " as " + run.namePattern());
        return run;
    }

    private Vm template(CloneRunRequest r) {
        if (r.vm() != null) {
            return vms.find(Ids.parse("vm", r.vm()))
                    .orElseThrow(() -> new ValidationProblem("vm", "no VM " + r.vm() + " in the fleet"));
        }
        Agent agent;
        try {
            agent = Ids.isUuid(r.agent()) ? agents.find(UUID.fromString(r.agent())) : agents.findByName(r.agent());
        } catch (NotFoundProblem e) {
            throw new ValidationProblem("agent", "no agent " + r.agent());
        }
        return vms.find(agent.getId(), r.node(), r.vmid()).orElseThrow(() -> new ValidationProblem("vmid",
                "agent " + agent.getName() + " reports no guest " + r.vmid() + " on node " + r.node()));
    }

    public CloneRun get(UUID id) {
        return store.find(id).orElseThrow(() -> new NotFoundProblem("Clone run", id));
    }

    public List<CloneItem> items(UUID id) {
        return store.items(id);
    }

    public List<CloneRun> list(CloneRunStatus status, CloneRun after, int limit) {
        return store.list(status, after == null ? null : after.createdAt(), after == null ? null : after.id(), limit);
    }

    /** A page of runs, newest first, by position ({@code status} null for all). */
    public List<CloneRun> page(CloneRunStatus status, int offset, int limit) {
        return store.page(status, offset, limit);
    }

    public int count(CloneRunStatus status) {
        return store.count(status);
    }

    /** How many items of each run are in each state (runs without items are absent). */
    public Map<UUID, Map<CloneItemStatus, Integer>> totals(List<UUID> runIds) {
        return runIds.isEmpty() ? Map.of() : store.totals(runIds);
    }

    /** Unfinished runs no live instance drives (none does, or its driver stopped renewing). */
    public List<UUID> orphaned() {
        return store.orphanedRuns(CloneRunJobs.OWNER_STALE_SECONDS);
    }

    /** Makes this instance the run's driver, unless another live instance drives it. */
    public boolean own(UUID runId) {
        return store.claimOwner(runId, CloneRunJobs.OWNER, CloneRunJobs.OWNER_STALE_SECONDS);
    }

    /** Renews this instance's hold on the run; false once another instance has taken it over. */
    public boolean stillOwn(UUID runId) {
        return store.renewOwner(runId, CloneRunJobs.OWNER);
    }

    public void disown(UUID runId) {
        store.releaseOwner(runId, CloneRunJobs.OWNER);
    }

    /** The pending items of a run, in order; none once it is cancelled. */
    public List<Integer> pending(UUID runId) {
        CloneRun run = get(runId);
        store.markRunning(runId);
        return run.cancelRequested() ? List.of() : store.pending(runId);
    }

    /** Whether item {@code n} still waits to be queued (a cancel or a retry may have changed it). */
    public boolean stillPending(UUID runId, int n) {
        return store.item(runId, n).filter(i -> i.status() == CloneItemStatus.PENDING && i.commandId() == null)
                .isPresent();
    }

    /**
     * Reserves a VMID for item {@code n} and queues its clone through the command bus, in the
     * same transaction: the item's command id is written with the command, so
     * a run resumed after a crash never queues it twice. False when the item was queued already.
     */
    public boolean queue(UUID runId, int n) {
        CloneRun run = get(runId);
        CloneItem item = store.item(runId, n).orElseThrow(() -> new NotFoundProblem("Clone item", runId + "/" + n));
        if (item.status() != CloneItemStatus.PENDING || item.commandId() != null || run.cancelRequested()) {
            return false;
        }
        int vmid = vmids.reserve(run.agentId(), 1, "clone-run " + runId + " #" + n).get(0);
        JsonObjectBuilder payload = Jsons.JSON.createObjectBuilder().add("node", run.node()).add("vmid", run.templateVmid())
                .add("newid", vmid).add("name", item.name()).add("full", run.full());
        if (run.targetNode() != null) {
            payload.add("target", run.targetNode());
        }
        if (run.storage() != null) {
            payload.add("storage", run.storage());
        }
        CommandRow command = enqueue(run, "proxmox.clone", payload.build(),
                "clone-run:" + runId + "/" + n + "/" + (item.attempts() + 1));
        return store.queued(runId, n, vmid, command.id());
    }

    CommandRow enqueue(CloneRun run, String type, JsonObject payload, String dedupeKey) {
        return commands.enqueue(new EnqueueRequest(run.agentId().toString(), type, payload, null,
                settings.commandExpirySeconds(), null, dedupeKey, null, true, null, null), null, run.createdBy())
                .command();
    }

    /** Stops queuing, cancels the run's clones that have not finished; finished guests stay. */
    public CloneRun cancel(UUID id, String caller) {
        CloneRun run = get(id);
        if (run.status().isFinal()) {
            throw new ConflictProblem("INVALID_STATE", "Clone run " + id + " is already " + run.status().value());
        }
        if (store.requestCancel(id)) {
            store.cancelPending(id);
            LOG.info(() -> "Clone run " + id + " cancelled by " + caller);
        }
        return get(id);
    }

    /** Retries the failed items of a finished run; 409 when it is not finished or nothing failed. */
    public CloneRun restart(UUID id, String caller) {
        CloneRun run = get(id);
        if (!run.status().isFinal()) {
            throw new ConflictProblem("INVALID_STATE", "Clone run " + id + " is " + run.status().value()
                    + "; restart retries the failed items of a finished run");
        }
        int retried = store.retryFailed(id);
        if (retried == 0) {
            throw new ConflictProblem("NOTHING_TO_RETRY", "Clone run " + id + " has no failed items");
        }
        LOG.info(() -> "Clone run " + id + " restarted by " + caller + ": " + retried + " failed item(s) again");
        return get(id);
    }
}
