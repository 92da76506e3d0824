package io.corral.agent.heartbeat;

import io.corral.agent.command.CommandBus;
import io.corral.agent.control.ControlPlaneClient;
import io.corral.agent.platform.AgentConfig;
import io.corral.agent.platform.AgentVersion;
import io.corral.agent.platform.WarningThrottle;
import io.corral.agent.pve.PveClient;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/** One heartbeat: read the inventory from Proxmox, send it to the control plane, record it. */
@ApplicationScoped
public class HeartbeatTask {

    static final String INVENTORY = "inventory";

    private static final Logger LOG = Logger.getLogger(HeartbeatTask.class.getName());
    private static final Duration WARNING_PERIOD = Duration.ofMinutes(1);

    @Inject
    AgentConfig config;

    @Inject
    PveClient pve;

    @Inject
    ControlPlaneClient controlPlane;

    @Inject
    HeartbeatStatus status;

    @Inject
    CommandBus commands;

    @Inject
    io.corral.agent.clone.CloneGate cloneGate;

    @Inject
    io.corral.agent.ssh.SshAccess ssh;

    private io.corral.agent.ssh.TargetSync targetSync;

    private final Clock clock = Clock.systemUTC();
    private final WarningThrottle missingControlToken = new WarningThrottle(LOG, WARNING_PERIOD);
    private final WarningThrottle missingPveToken = new WarningThrottle(LOG, WARNING_PERIOD);
    private final WarningThrottle failures = new WarningThrottle(LOG, WARNING_PERIOD);
    private Instant startedAt;
    private InventoryReader inventoryReader;
    private HeartbeatSender sender;

    @PostConstruct
    void init() {
        startedAt = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        inventoryReader = new InventoryReader(pve);
        sender = new HeartbeatSender(controlPlane, clock);
        targetSync = new io.corral.agent.ssh.TargetSync(controlPlane, ssh.settings().targetsFile());
    }

    /** Runs one heartbeat. Never throws, so the schedule that calls it keeps going. */
    public void run() {
        try {
            warnAboutMissingTokens();
            Inventory inventory = inventoryReader.read();
            List<String> inFlight = commands.inFlightIds();
            Heartbeat heartbeat = new Heartbeat(AgentVersion.current(), capabilities(), startedAt,
                    config.heartbeatSeconds(), inventory, inFlight,
                    AgentHealth.measure(inFlight.size(), commands.workersAlive(), commands.outboxPending(),
                            cloneGate.stats()));
            HeartbeatOutcome outcome = sender.send(heartbeat);
            // Cancellations also come with polls; the heartbeat brings them when every loop is busy.
            commands.cancel(outcome.cancellations());
            targetSync.sync(outcome.targetsVersion());
            status.record(inventory, outcome);
        } catch (RuntimeException e) {
            failures.warn(clock.instant(), () -> "Heartbeat failed unexpectedly: " + e);
        }
    }

    private List<String> capabilities() {
        List<String> capabilities = new ArrayList<>();
        capabilities.add(INVENTORY);
        capabilities.addAll(commands.capabilities());
        return capabilities;
    }

    private void warnAboutMissingTokens() {
        if (!controlPlane.settings().hasToken()) {
            missingControlToken.warn(clock.instant(), () -> "CORRAL_AGENT_TOKEN is not set: the "
                    + "control plane will not accept heartbeats. Set it to the token issued when "
                    + "this agent was registered.");
        }
        if (!pve.settings().hasToken()) {
            missingPveToken.warn(clock.instant(), () -> "CORRAL_AGENT_PVE_TOKEN is not set: the "
                    + "agent cannot read Proxmox. Set it to an API token USER@REALM!TOKENID=SECRET.");
        }
    }
}
