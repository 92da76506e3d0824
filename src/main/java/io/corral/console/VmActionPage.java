package io.corral.console;

import io.corral.command.CommandRow;
import io.corral.command.CommandService;
import io.corral.fleet.Vm;
import io.corral.fleet.VmCandidate;
import io.corral.fleet.VmService;
import io.corral.fleet.VmSettingsService;
import io.corral.fleet.VmUpdateRequest;
import io.corral.maintenance.GuestCommands;
import io.corral.platform.error.ApiException;
import io.corral.platform.security.Role;
import jakarta.inject.Inject;
import org.primefaces.PrimeFaces;

import java.io.Serializable;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * What both VM pages do to guests: ask (the confirm dialog names the VMs and what will happen), then queue
 * the commands through {@link GuestCommands} as the tasks do, and toggle protection as
 * {@code PATCH /api/v1/vms/{id}} does. Every action method asks {@link ConsoleUser#may} first.
 */
public abstract class VmActionPage implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String DIALOG = "PF('vm-confirm').show()";

    @Inject
    ConsoleUser me;

    @Inject
    VmService vms;

    @Inject
    GuestCommands guests;

    @Inject
    CommandService commands;

    @Inject
    VmSettingsService settings;

    private Pending pending;
    private final List<Queued> queued = new ArrayList<>();

    /** A guest named in the confirm dialog. */
    public record Target(UUID id, String label) implements Serializable {
    }

    /** The action the confirm dialog asks about: the guests it applies to, and those it skips (and why). */
    public record Pending(VmAction action, List<Target> targets, List<String> skipped) implements Serializable {
    }

    /** A command the user queued on this page, with its current state (re-read on the {@code commands} topic). */
    public record Queued(String label, VmAction action, UUID commandId) implements Serializable {
    }

    /** Opens the confirm dialog for {@code action} ({@code stop} …) on one guest. */
    public void ask(String action, UUID id) {
        askAbout(VmAction.parse(action), id == null ? List.of() : List.of(id));
    }

    /** Opens the confirm dialog for {@code action} on these guests. */
    protected void askAbout(VmAction action, Collection<UUID> ids) {
        if (!me.may(Role.OPERATOR, action == null ? "vm.action" : action.audited(), "vm", joined(ids))
                || action == null) {
            return;
        }
        List<Target> targets = new ArrayList<>();
        List<String> skipped = new ArrayList<>();
        for (UUID id : ids) {
            Vm vm = vms.find(id).orElse(null);
            if (vm == null) {
                skipped.add(id + " is gone from the inventory");
            } else if (action.whyNot(vm) != null) {
                skipped.add(label(vm) + " " + action.whyNot(vm));
            } else {
                targets.add(new Target(vm.getId(), label(vm)));
            }
        }
        if (targets.isEmpty() && skipped.isEmpty()) {
            ConsoleMessages.warn("No VM selected", "Tick the VMs to " + action.label().toLowerCase() + " first.");
            return;
        }
        pending = new Pending(action, targets, skipped);
        PrimeFaces.current().executeScript(DIALOG);
    }

    /** The confirm dialog's button: queues the pending action for each guest it still applies to. */
    public void confirm() {
        Pending p = pending;
        pending = null;
        if (!me.may(Role.OPERATOR, p == null ? "vm.action" : p.action().audited(), "vm",
                p == null ? null : joined(p.targets().stream().map(Target::id).toList())) || p == null) {
            return;
        }
        for (Target t : p.targets()) {
            Vm vm = vms.find(t.id()).orElse(null);
            String whyNot = vm == null ? "is gone from the inventory" : p.action().whyNot(vm);
            if (whyNot != null) {
                me.failed(p.action().audited(), "vm", t.id().toString(), t.label() + " " + whyNot);
                ConsoleMessages.warn(p.action().label() + " not queued", t.label() + " " + whyNot + ".");
                continue;
            }
            queue(p.action(), vm);
        }
    }

    private void queue(VmAction action, Vm vm) {
        VmCandidate candidate = new VmCandidate(vm.getId(), vm.getAgentId(), null, vm.getNode(), vm.getVmid(),
                vm.getName(), vm.getStatus(), vm.getLastActiveAt(), vm.getIdleLimitSeconds());
        GuestCommands.Outcome outcome;
        try {
            outcome = guests.queue(candidate, "console", action.types(vm), action.extra(), action.eventKind(),
                    "asked in the console by " + me.getName(), Instant.now(), me.getName());
        } catch (ApiException e) {
            outcome = new GuestCommands.Outcome(List.of(), e.getMessage());
        }
        if (outcome.error() != null) {
            me.failed(action.audited(), "vm", vm.getId().toString(), outcome.error());
            ConsoleMessages.error(action.label() + " not queued for " + vm.getName(), outcome.error());
            return;
        }
        CommandRow last = outcome.queued().get(outcome.queued().size() - 1);
        me.did(action.audited(), "vm", vm.getId().toString(), "command " + last.id());
        queued.add(0, new Queued(label(vm), action, last.id()));
        ConsoleMessages.info(action.label() + " queued for " + vm.getName(), "command " + last.id());
    }

    /** Protects or unprotects the guest (a protected guest is never hibernated or destroyed). */
    public void toggleProtection(UUID id) {
        if (!me.may(Role.OPERATOR, "vm.protection", "vm", String.valueOf(id))) {
            return;
        }
        Vm vm = id == null ? null : vms.find(id).orElse(null);
        boolean protect = vm == null || !vm.isProtected();
        String action = protect ? "vm.protect" : "vm.unprotect";
        if (vm == null) {
            ConsoleMessages.error("VM not found", "It is gone from the inventory.");
            return;
        }
        try {
            settings.update(id, new VmUpdateRequest(protect, null, null), me.getName());
            me.did(action, "vm", id.toString(), null);
            ConsoleMessages.info(vm.getName() + (protect ? " is protected" : " is no longer protected"),
                    protect ? "Tasks never hibernate or destroy it, and it cannot be destroyed here."
                            : "Tasks may hibernate or destroy it again under their rules.");
        } catch (ApiException e) {
            me.failed(action, "vm", id.toString(), e.getMessage());
            ConsoleMessages.error("Protection not changed", e.getMessage());
        }
    }

    /** Every action, in the order the buttons show them. */
    public VmAction[] getActions() {
        return VmAction.values();
    }

    /** Forgets the pending action (the dialog's Cancel). */
    public void cancel() {
        pending = null;
    }

    public Pending getPending() {
        return pending;
    }

    public List<Queued> getQueued() {
        return queued;
    }

    /** The state of each command queued on this page, by id. */
    public Map<UUID, String> getQueuedStates() {
        return commands.get(queued.stream().map(Queued::commandId).toList()).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().status().value()));
    }

    /**
     * Whether the action's button is enabled for this guest: it applies now, or it is the destroy of a
     * protected guest (the dialog then says why it will not happen).
     */
    public boolean applies(String action, Vm vm) {
        VmAction a = VmAction.parse(action);
        return a != null && vm != null && (a.whyNot(vm) == null || a == VmAction.DESTROY && !vm.isTemplate());
    }

    /** Why the action does not apply (the disabled button's tooltip), or what it does. */
    public String hint(String action, Vm vm) {
        VmAction a = VmAction.parse(action);
        if (a == null || vm == null) {
            return "";
        }
        String whyNot = a.whyNot(vm);
        return whyNot == null ? a.label() + ": " + a.effect() : a.label() + ": not possible, it " + whyNot;
    }

    static String label(Vm vm) {
        return (vm.getName() == null ? "VM" : vm.getName()) + " (" + vm.getNode() + "/" + vm.getVmid() + ")";
    }

    private static String joined(Collection<UUID> ids) {
        String s = ids.stream().map(UUID::toString).collect(Collectors.joining(","));
        return s.length() > 100 ? s.substring(0, 97) + "..." : s;
    }
}
