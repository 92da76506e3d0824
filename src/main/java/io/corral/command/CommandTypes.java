package io.corral.command;

import io.corral.command.CommandType.FieldKind;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Every command type Corral knows, with what its payload must carry. */
public final class CommandTypes {
    private static final Map<String, CommandType> TYPES = new LinkedHashMap<>();
    private static final Map<String, FieldKind> GUEST = fields("node", FieldKind.STRING, "vmid", FieldKind.INTEGER);
    private static final Map<String, FieldKind> NONE = Map.of();

    static {
        readOnly("proxmox.status", GUEST);
        readOnly("proxmox.list", NONE);
        readOnly("proxmox.config.get", GUEST);
        readOnly("proxmox.metrics", NONE);
        readOnly("ssh.status", fields("target", FieldKind.STRING));
        readOnly("ssh.test", fields("target", FieldKind.STRING));
        readOnly("ssh.read-config", fields("target", FieldKind.STRING, "path", FieldKind.STRING));
        readOnly("targets.list", NONE);
        write("proxmox.clone", fields("node", FieldKind.STRING, "vmid", FieldKind.INTEGER, "newid", FieldKind.INTEGER));
        write("proxmox.create", GUEST);
        for (String action : new String[] {"start", "stop", "shutdown", "hibernate", "resume", "destroy"}) {
            write("proxmox." + action, GUEST);
        }
        write("proxmox.config.set", fields("node", FieldKind.STRING, "vmid", FieldKind.INTEGER,
                "config", FieldKind.OBJECT));
        write("proxmox.wait-task", fields("node", FieldKind.STRING, "upid", FieldKind.STRING));
        write("proxmox.wait-vm-status", fields("node", FieldKind.STRING, "vmid", FieldKind.INTEGER,
                "status", FieldKind.STRING));
        write("proxmox.wait-vm-presence", fields("node", FieldKind.STRING, "vmid", FieldKind.INTEGER,
                "present", FieldKind.BOOLEAN));
        write("ssh.write-config", fields("target", FieldKind.STRING, "path", FieldKind.STRING,
                "content", FieldKind.STRING));
        write("ssh.exec", fields("target", FieldKind.STRING, "command", FieldKind.STRING));
        write("relay.open", fields("relayId", FieldKind.STRING, "node", FieldKind.STRING, "vmid", FieldKind.INTEGER));
    }

    private CommandTypes() {
    }

    /** Fields in the order given, so a payload missing several is told about the first one. */
    private static Map<String, FieldKind> fields(Object... nameKindPairs) {
        Map<String, FieldKind> out = new LinkedHashMap<>();
        for (int i = 0; i < nameKindPairs.length; i += 2) {
            out.put((String) nameKindPairs[i], (FieldKind) nameKindPairs[i + 1]);
        }
        return java.util.Collections.unmodifiableMap(out);
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
