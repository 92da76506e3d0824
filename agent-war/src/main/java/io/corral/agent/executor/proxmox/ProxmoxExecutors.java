package io.corral.agent.executor.proxmox;

import io.corral.agent.clone.CloneGate;
import io.corral.agent.executor.CommandExecutor;
import io.corral.agent.pve.PveClient;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Every {@code proxmox.*} executor, against one Proxmox cluster; clones go through the agent's clone gate. */
public final class ProxmoxExecutors {

    /**
     * Per-type concurrency defaults for the agent's TypeGate: clones may wait in the clone gate
     * (which serializes them per source and storage) instead of in the TypeGate, so that a burst of
     * clones does not sit behind the default bound of 4. An explicit
     * {@code CORRAL_AGENT_TYPE_CONCURRENCY_OVERRIDES} entry wins.
     */
    public static final Map<String, Integer> DEFAULT_TYPE_LIMITS = Map.of(ProxmoxCloneExecutor.TYPE, 32);

    private ProxmoxExecutors() {
    }

    public static List<CommandExecutor> all(PveClient pve, CloneGate gate, ProxmoxSettings settings) {
        PveTasks tasks = new PveTasks(pve, settings);
        List<CommandExecutor> executors = new ArrayList<>();
        executors.add(new ProxmoxStatusExecutor(pve));
        executors.add(new ProxmoxListExecutor(pve));
        for (ProxmoxPowerExecutor.Action action : ProxmoxPowerExecutor.Action.values()) {
            executors.add(new ProxmoxPowerExecutor(action, tasks));
        }
        executors.add(new ProxmoxDestroyExecutor(tasks));
        executors.add(new ProxmoxConfigGetExecutor(tasks));
        executors.add(new ProxmoxConfigSetExecutor(tasks, settings.configSetKeys()));
        executors.add(new ProxmoxMetricsExecutor(pve));
        executors.add(new ProxmoxWaitTaskExecutor(tasks));
        executors.add(new ProxmoxWaitVmStatusExecutor(tasks));
        executors.add(new ProxmoxWaitVmPresenceExecutor(tasks));
        executors.add(new ProxmoxCloneExecutor(tasks, gate));
        executors.add(new ProxmoxCreateExecutor(tasks));
        return List.copyOf(executors);
    }

    /** {@code defaults} overridden by {@code configured}. */
    public static Map<String, Integer> typeLimits(Map<String, Integer> configured) {
        Map<String, Integer> merged = new HashMap<>(DEFAULT_TYPE_LIMITS);
        merged.putAll(configured);
        return Map.copyOf(merged);
    }
}
