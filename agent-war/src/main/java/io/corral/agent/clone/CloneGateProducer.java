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
 * {@code CORRAL_AGENT_CLONE_PER_STORAGE} (default 2), {@code CORRAL_AGENT_CLONE_QUEUE} (default 100, the
 * commands' share), {@code CORRAL_AGENT_PROXY_CLONE_QUEUE} (default 100, the proxy clients' share) and
 * {@code CORRAL_AGENT_PROXY_CLONE_QUEUE_PER_CLIENT} (default 20).
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

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PROXY_CLONE_QUEUE", defaultValue = "100")
    int proxyQueueLimit;

    @Inject
    @ConfigProperty(name = "CORRAL_AGENT_PROXY_CLONE_QUEUE_PER_CLIENT", defaultValue = "20")
    int perClientQueueLimit;

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
                .withQueueLimit(queueLimit).withProxyQueue(proxyQueueLimit, perClientQueueLimit)
                .withWatchInterval(Duration.ofSeconds(1));
        LOG.info(() -> "Clone gate: one clone per source guest, " + settings.perStorage() + " per storage; waiting "
                + "at most " + settings.queueLimit() + " commands and " + settings.proxyQueueLimit()
                + " proxy clones, " + settings.perClientQueueLimit() + " per proxy client");
        return CloneGate.forPve(pve, settings, threadFactory);
    }

    void close(@Disposes CloneGate gate) {
        gate.close();
    }
}
