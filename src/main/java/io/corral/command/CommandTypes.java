package io.corral.command;

import io.corral.command.CommandType.FieldKind;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Every command type Corral knows, with what its payload must carry. */
public final class CommandTypes {
    private static final Map<String, CommandType> TYPES = new LinkedHashMap<>();
    private static final Map<String, FieldKind> GUEST = Map.of("node", FieldKind.STRING, "vmid", FieldKind.INTEGER);
    private static final Map<String, FieldKind> NONE = Map.of();

    static {
        readOnly("proxmox.status", GUEST);
        readOnly("proxmox.list", NONE);
        readOnly("proxmox.config.get", GUEST);
        readOnly("proxmox.metrics", NONE);
        readOnly("ssh.status", Map.of("target", FieldKind.STRING));
        readOnly("ssh.test", Map.of("target", FieldKind.STRING));
        readOnly("ssh.read-config", Map.of("target", FieldKind.STRING, "path", FieldKind.STRING));
        readOnly("targets.list", NONE);
        write("proxmox.clone", Map.of("node", FieldKind.STRING, "vmid", FieldKind.INTEGER, "newid", FieldKind.INTEGER));
        for (String action : new String[] {"start", "stop", "shutdown", "hibernate", "resume", "destroy"}) {
            write("proxmox." + action, GUEST);
        }
        write("proxmox.config.set", Map.of("node", FieldKind.STRING, "vmid", FieldKind.INTEGER,
                "config", FieldKind.OBJECT));
        write("proxmox.wait-task", Map.of("node", FieldKind.STRING, "upid", FieldKind.STRING));
        write("proxmox.wait-vm-status", Map.of("node", FieldKind.STRING, "vmid", FieldKind.INTEGER,
                "status", FieldKind.STRING));
        write("proxmox.wait-vm-presence", Map.of("node", FieldKind.STRING, "vmid", FieldKind.INTEGER,
                "present", FieldKind.BOOLEAN));
        write("ssh.write-config", Map.of("target", FieldKind.STRING, "path", FieldKind.STRING,
                "content", FieldKind.STRING));
        write("ssh.exec", Map.of("target", FieldKind.STRING, "command", FieldKind.STRING));
    }

    private CommandTypes() {
    }

    private static void readOnly(String name, Map<String, FieldKind> required) {
        TYPES.put(name, new CommandType(name, true, required));
    }

    private static void write(String name, Map<String, FieldKind> required) {
        TYPES.put(name, new CommandType(name, false, required));
    }

    public static Optional<CommandType> find(String name) {
        return Optional.ofNullable(name == null ? null : TYPES.get(name));
    }

    public static Iterable<String> names() {
        return TYPES.keySet();
    }
}
