package io.corral.agent.clone;

import io.corral.agent.pve.PveClient;
import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Duration;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Makes the one {@link CloneGate} of this agent injectable: the {@code proxmox.clone} executor and
 * the PVE proxy must share it, or they would race each other on template locks again.
 * {@code CORRAL_AGENT_CLONE_PER_STORAGE} (default 2), {@code CORRAL_AGENT_CLONE_QUEUE} (default 100).
 */
@ApplicationScoped
public class CloneGateProducer {

    private static final Logger LOG = Logger.getLogger(CloneGateProducer.class.getName());

    @Inject
    PveClient pve;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_CLONE_PER_STORAGE", defaultValue = "2")
    int perStorage;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_CLONE_QUEUE", defaultValue = "100")
    int queueLimit;

    @Resource
    ManagedThreadFactory threadFactory;

    @Produces
    @Singleton
    CloneGate cloneGate() {
        if (perStorage < 1) {
            LOG.warning(() -> "CORRAL_AGENT_CLONE_PER_STORAGE=" + perStorage + " is not positive; using 1");
        }
        if (queueLimit < 0) {
            LOG.warning(() -> "CORRAL_AGENT_CLONE_QUEUE=" + queueLimit + " is negative; using 0 (no queue)");
        }
        CloneGateSettings settings = CloneGateSettings.defaults().withPerStorage(perStorage)
                .withQueueLimit(queueLimit).withWatchInterval(Duration.ofSeconds(1));
        LOG.info(() -> "Clone gate: one clone per source guest, " + settings.perStorage() + " per storage, "
                + settings.queueLimit() + " waiting at most");
        return CloneGate.forPve(pve, settings, threadFactory);
    }

    void close(@Disposes CloneGate gate) {
        gate.close();
    }
}
