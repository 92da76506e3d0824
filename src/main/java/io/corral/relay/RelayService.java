package io.corral.relay;

import io.corral.platform.json.Jsons;
import io.corral.command.CommandRow;
import io.corral.command.CommandService;
import io.corral.command.EnqueueRequest;
import io.corral.fleet.Vm;
import io.corral.fleet.VmService;
import io.corral.platform.error.ApiException;
import io.corral.platform.error.ConflictProblem;
import io.corral.platform.error.NotFoundProblem;
import io.corral.platform.security.Tokens;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;

import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Issues desktop relays and pairs their sockets. A relay lives in this instance's memory: its
 * browser socket, its agent's dial-back and its bookkeeping must all reach the instance that issued
 * it (see docs/architecture.md, "Desktop relay").
 */
@ApplicationScoped
public class RelayService {
    public static final String OPEN_COMMAND = "relay.open";
    private static final String TICKET_PREFIX = "crl_";

    @Inject
    VmService vms;

    @Inject
    CommandService commands;

    @Inject
    RelaySettings settings;

    @Inject
    Clock clock;

    @Inject
    RelayRegistry registry;

    @Resource
    ManagedScheduledExecutorService scheduler;

    /** A new relay and its ticket (the ticket is shown once and kept only as a hash). */
    public record Issued(Relay relay, String ticket) {
    }

    /**
     * A relay to the desktop of a running VM, and the one-time ticket that opens its WebSocket within
     * the ticket lifetime. Nothing reaches the agent until a browser presents the ticket.
     */
    public Issued issue(UUID vmId, String requestedBy) {
        Vm vm = vms.find(vmId).orElseThrow(() -> new NotFoundProblem("VM", vmId));
        if (vm.isTemplate()) {
            throw new ConflictProblem("VM_IS_TEMPLATE", "VM " + vmId + " is a template: it has no desktop");
        }
        if (!"running".equals(vm.getStatus())) {
            throw new ConflictProblem("VM_NOT_RUNNING", "VM " + vmId + " is " + vm.getStatus()
                    + ": start it before opening its desktop");
        }
        OffsetDateTime now = OffsetDateTime.now(clock);
        String ticket = Tokens.newSecret(TICKET_PREFIX);
        RelayTarget target = new RelayTarget(UUID.randomUUID(), vm.getId(), vm.getAgentId(), vm.getNode(),
                vm.getVmid(), vm.getName());
        Relay relay = new Relay(target, requestedBy, Tokens.hash(ticket), now, now.plus(settings.ticketTtl()));
        registry.add(relay, settings.keepFinished());
        after(settings.ticketTtl().plusSeconds(1), () -> relay.failIf(RelayState.ISSUED, RelayClose.BAD_TICKET,
                "no browser opened the relay before its ticket expired", now()));
        return new Issued(relay, ticket);
    }

    /**
     * The browser's socket opened with {@code ticket}: the agent is asked to dial back, and the relay
     * fails if it has not within the dial-back time. Null when accepted, else why not (the caller
     * closes the socket with that).
     */
    public String browserOpened(UUID relayId, String ticket, RelayEnd browser) {
        Optional<Relay> found = registry.find(relayId);
        if (found.isEmpty()) {
            return "unknown relay " + relayId + " on this instance";
        }
        Relay relay = found.get();
        String refusal = relay.attachBrowser(ticket == null ? null : Tokens.hash(ticket), browser, now());
        if (refusal != null) {
            return refusal;
        }
        RelayTarget t = relay.target();
        jakarta.json.JsonObjectBuilder open = Jsons.JSON.createObjectBuilder().add("relayId", t.relayId().toString())
                .add("node", t.node()).add("vmid", t.vmid()).add("name", t.vmName() == null ? "" : t.vmName())
                .add("dialBackSeconds", settings.dialBack().toSeconds());
        // The dial-back names this instance, so that a balancer can route it here (see RelaySettings.instance).
        settings.instance().ifPresent(name -> open.add("instance", name));
        JsonObject payload = open.build();
        Duration dialBack = settings.dialBack();
        CommandRow command;
        try {
            command = commands.enqueue(new EnqueueRequest(t.agentId().toString(), OPEN_COMMAND, payload, 9,
                    (int) dialBack.toSeconds(), null, null, null, false, null, 1), null, "relay " + t.relayId()).command();
            relay.commandQueued(command.id());
        } catch (ApiException e) {
            relay.fail(RelayClose.AGENT_REFUSED, "the agent cannot be asked to open the relay: " + e.code() + ": "
                    + e.getMessage(), now());
            return null;
        }
        after(dialBack, () -> {
            if (relay.failIf(RelayState.WAITING_FOR_AGENT, RelayClose.NO_DIAL_BACK,
                    "agent did not dial back within " + dialBack.toSeconds() + " s", now())) {
                // An agent that comes back later must not open a relay nobody waits for.
                commands.cancelIfLive(command.id(), "relay " + t.relayId());
            }
        });
        return null;
    }

    /** The agent's dial-back socket opened. Null when paired, else why not. */
    public String agentOpened(UUID relayId, UUID agentId, RelayEnd agent) {
        Optional<Relay> relay = registry.find(relayId);
        return relay.isEmpty() ? "unknown relay " + relayId + " on this instance"
                : relay.get().attachAgent(agentId, agent, now());
    }

    public Optional<Relay> find(UUID relayId) {
        return registry.find(relayId);
    }

    /** Relays of this instance, newest first, optionally of one VM. */
    public List<RelayView> list(UUID vmId) {
        return registry.all().stream().map(Relay::view).filter(v -> vmId == null || vmId.equals(v.vmId()))
                .sorted(Comparator.comparing(RelayView::issuedAt).reversed()).toList();
    }

    /** This instance's name for the balancer, if set (a relay's sockets must reach the instance holding it). */
    public Optional<String> instance() {
        return settings.instance();
    }

    public OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    /** Runs {@code task} once after {@code delay} on the relays' scheduler. */
    public void schedule(Duration delay, Runnable task) {
        after(delay, task);
    }

    private void after(Duration delay, Runnable task) {
        scheduler.schedule(task, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
}
