package io.corral.agent.executor;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The executors this agent has, by command type; their types are its advertised capabilities.
 * Which executors those are is decided where the agent is wired together, not here, so this
 * package stays free of Proxmox and SSH.
 */
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
