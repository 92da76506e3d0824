package io.corral.agent.command;

import io.corral.agent.clone.CloneGate;
import io.corral.agent.executor.CommandExecutor;
import io.corral.agent.executor.ExecutorRegistry;
import io.corral.agent.executor.proxmox.ProxmoxExecutors;
import io.corral.agent.executor.proxmox.ProxmoxSettings;
import io.corral.agent.pve.PveClient;
import io.corral.agent.relay.RelayDialer;
import io.corral.agent.relay.RelayOpenExecutor;
import io.corral.agent.ssh.SshAccess;
import io.corral.agent.ssh.TargetsListExecutor;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.List;

/**
 * Makes the agent's one {@link ExecutorRegistry} injectable: every executor it has, whose types it
 * advertises as capabilities. The one place that knows the {@code proxmox.*}, {@code ssh.*} and
 * {@code targets.list} and {@code relay.open} executors, so the bus and the executor API need not.
 */
@ApplicationScoped
public class ExecutorsProducer {

    @Inject
    PveClient pve;

    @Inject
    CloneGate cloneGate;

    @Inject
    ProxmoxSettings proxmoxSettings;

    @Inject
    SshAccess ssh;

    @Inject
    RelayDialer relays;

    @Produces
    @Singleton
    ExecutorRegistry executors() {
        return standard(pve, cloneGate, proxmoxSettings, ssh, relays);
    }

    /** The executors of a deployed agent; tests build the real set with it. */
    public static ExecutorRegistry standard(PveClient pve, CloneGate cloneGate, ProxmoxSettings proxmoxSettings,
                                            SshAccess ssh, RelayDialer relays) {
        List<CommandExecutor> executors = new ArrayList<>(ProxmoxExecutors.all(pve, cloneGate, proxmoxSettings));
        executors.addAll(ssh.executors());
        executors.add(new TargetsListExecutor(pve, ssh.targets()));
        executors.add(new RelayOpenExecutor(relays));
        return new ExecutorRegistry(executors);
    }
}
