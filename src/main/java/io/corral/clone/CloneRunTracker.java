package io.corral.clone;

import io.corral.platform.json.Jsons;
import io.corral.command.CommandRow;
import io.corral.command.CommandService;
import io.corral.command.CommandStatus;
import io.corral.fleet.ServiceLinkService;
import io.corral.fleet.VmidReservations;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Follows a run's items to their outcome: each queued clone (then its tags and start, when asked
 * for) as its command goes, linking each guest that succeeded to the run's service if it has one;
 * cancels what has not finished once the run is cancelled; and ends the run when every item is final.
 */
@ApplicationScoped
public class CloneRunTracker {
    private static final Logger LOG = Logger.getLogger(CloneRunTracker.class.getName());

    @Inject
    CloneRunStore store;

    @Inject
    CloneRunService runs;

    @Inject
    CommandService commands;

    @Inject
    VmidReservations vmids;

    @Inject
    ServiceLinkService serviceLinks;

    /**
     * One look, in a transaction of its own: the follower calls it in a loop, and a batchlet runs
     * outside any transaction. It throws for nothing it expects (a command turning final while it is
     * cancelled included): an exception across a transaction boundary on a batch thread left that
     * thread unable to commit later chunks ("Operation not allowed" from UserTransaction).
     *
     * @return true once the run is final
     */
    @Transactional
    public boolean track(UUID runId) {
        CloneRun run = runs.get(runId);
        if (run.status().isFinal()) {
            return true;
        }
        List<CloneItem> items = store.items(runId);
        List<UUID> ids = new ArrayList<>();
        for (CloneItem i : items) {
            if (!i.status().isFinal()) {
                if (i.commandId() != null) {
                    ids.add(i.commandId());
                }
                if (i.startCommandId() != null) {
                    ids.add(i.startCommandId());
                }
            }
        }
        Map<UUID, CommandRow> byId = commands.get(ids);
        int live = 0;
        for (CloneItem item : items) {
            if (!item.status().isFinal() && !advance(run, item, byId)) {
                live++;
            }
        }
        if (live > 0) {
            return false;
        }
        List<CloneItem> now = store.items(runId);
        CloneRunStatus outcome = run.cancelRequested() ? CloneRunStatus.CANCELLED
                : now.stream().allMatch(i -> i.status() == CloneItemStatus.SUCCEEDED) ? CloneRunStatus.SUCCEEDED
                : CloneRunStatus.FAILED;
        if (store.finish(runId, outcome)) {
            long failed = now.stream().filter(i -> i.status() == CloneItemStatus.FAILED).count();
            LOG.info(() -> "Clone run " + runId + " " + outcome.value() + ": " + (now.size() - failed) + " of "
                    + now.size() + " not failed");
        }
        return true;
    }

    /** @return true when the item is final after this step */
    private boolean advance(CloneRun run, CloneItem item, Map<UUID, CommandRow> byId) {
        if (item.commandId() == null) {
            return false; // still pending: the queue step has not reached it
        }
        CommandRow current = byId.get(item.startCommandId() != null ? item.startCommandId() : item.commandId());
        if (current == null) {
            return false;
        }
        if (run.cancelRequested() && !current.status().isFinal()) {
            cancel(current, run);
            return false;
        }
        CommandStatus s = current.status();
        if (!s.isFinal()) {
            CloneItemStatus to = s == CommandStatus.RUNNING || item.startCommandId() != null
                    ? CloneItemStatus.RUNNING : CloneItemStatus.QUEUED;
            if (to != item.status()) {
                store.itemState(run.id(), item.n(), item.status(), to, null, null);
            }
            return false;
        }
        if (s == CommandStatus.SUCCEEDED) {
            String next = next(run, current);
            if (next != null && !run.cancelRequested()) {
                store.startQueued(run.id(), item.n(), followUp(run, item, next).id());
                store.itemState(run.id(), item.n(), item.status(), CloneItemStatus.RUNNING, null, null);
                return false;
            }
            if (store.itemState(run.id(), item.n(), item.status(), CloneItemStatus.SUCCEEDED, null, null)
                    && run.service() != null && item.vmid() != null) {
                serviceLinks.linkGuest(run.service(), run.agentId(), item.vmid(), item.name(), "clone-run " + run.id());
            }
            return true;
        }
        CloneItemStatus to = s == CommandStatus.CANCELLED ? CloneItemStatus.CANCELLED : CloneItemStatus.FAILED;
        String step = current.id().equals(item.commandId()) ? "" : current.type() + ": ";
        store.itemState(run.id(), item.n(), item.status(), to, current.errorCode(),
                step + (current.errorMessage() == null ? s.value() : current.errorMessage()));
        if (current.id().equals(item.commandId()) && item.vmid() != null) {
            vmids.releaseUnseen(run.agentId(), item.vmid()); // the clone failed: its VMID goes back unless a guest has it
        }
        return true;
    }

    /** After the clone: tags (when asked for), then start (when asked for). */
    private static String next(CloneRun run, CommandRow finished) {
        if (finished.type().equals("proxmox.clone")) {
            return run.tags() != null ? "proxmox.config.set" : run.start() ? "proxmox.start" : null;
        }
        if (finished.type().equals("proxmox.config.set")) {
            return run.start() ? "proxmox.start" : null;
        }
        return null;
    }

    private CommandRow followUp(CloneRun run, CloneItem item, String type) {
        String node = run.targetNode() != null ? run.targetNode() : run.node();
        var payload = Jsons.JSON.createObjectBuilder().add("node", node).add("vmid", item.vmid());
        if (type.equals("proxmox.config.set")) {
            payload.add("config", Jsons.JSON.createObjectBuilder().add("tags", run.tags()));
        }
        return runs.enqueue(run, type, payload.build(), "clone-run:" + run.id() + "/" + item.n() + "/" + type);
    }

    private void cancel(CommandRow command, CloneRun run) {
        // A command that turned final meanwhile is recorded at the next look.
        commands.cancelIfLive(command.id(), "clone-run " + run.id());
    }
}
