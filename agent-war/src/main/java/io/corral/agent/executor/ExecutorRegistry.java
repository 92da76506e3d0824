package io.corral.agent.executor;

import io.corral.agent.clone.CloneGate;
import io.corral.agent.executor.proxmox.ProxmoxExecutors;
import io.corral.agent.executor.proxmox.ProxmoxSettings;
import io.corral.agent.pve.PveClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** The executors this agent has, by command type; their types are its advertised capabilities. */
public final class ExecutorRegistry {

    private final Map<String, CommandExecutor> byType;

    public ExecutorRegistry(List<CommandExecutor> executors) {
        Map<String, CommandExecutor> map = new TreeMap<>();
        for (CommandExecutor executor : executors) {
            if (map.putIfAbsent(executor.type(), executor) != null) {
                throw new IllegalArgumentException("two executors for " + executor.type());
            }
        }
        this.byType = Map.copyOf(map);
    }

    /** The executors of this step, against one Proxmox cluster. */
    public static ExecutorRegistry standard(PveClient pve, SshTargets sshTargets) {
        return new ExecutorRegistry(List.of(
                new ProxmoxStatusExecutor(pve),
                new ProxmoxListExecutor(pve),
                new TargetsListExecutor(pve, sshTargets)));
    }

    /**
     * The executors of this step plus the {@code proxmox.*} ones that act on guests
     * (start/stop/…/clone), whose clones go through {@code cloneGate}.
     */
    public static ExecutorRegistry standard(PveClient pve, SshTargets sshTargets, CloneGate cloneGate,
                                            ProxmoxSettings proxmox) {
        return standard(pve, sshTargets).plus(ProxmoxExecutors.all(pve, cloneGate, proxmox));
    }

    /** This registry plus more executors (e.g. the {@code ssh.*} ones); a type twice is an error. */
    public ExecutorRegistry plus(List<CommandExecutor> more) {
        List<CommandExecutor> all = new ArrayList<>(byType.values());
        all.addAll(more);
        return new ExecutorRegistry(all);
    }

    public Optional<CommandExecutor> find(String type) {
        return Optional.ofNullable(byType.get(type));
    }

    /** Supported types, sorted. */
    public List<String> types() {
        return byType.keySet().stream().sorted().toList();
    }
}
