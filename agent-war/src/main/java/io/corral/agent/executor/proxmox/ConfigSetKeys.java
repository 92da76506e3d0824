package io.corral.agent.executor.proxmox;

import io.corral.agent.executor.CommandFailure;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The Proxmox config keys {@code proxmox.config.set} may set or delete. The control plane checks
 * the same list at enqueue; the agent checks again, as it is the one that talks to Proxmox. An
 * entry is a key, or a key family with {@code [n]} standing for its index ({@code net[n]}: net0, net1…).
 */
public final class ConfigSetKeys {

    /**
     * What a fleet operator changes on a guest. Left out on purpose: {@code args} (raw QEMU
     * arguments), {@code hookscript} (runs a script on the node), {@code hostpci*}, {@code usb*},
     * {@code serial*}, {@code parallel*} (host devices), volume keys ({@code scsi*}, {@code virtio*},
     * {@code sata*}, {@code ide*}, {@code efidisk*}, {@code rootfs}, {@code mp*}: they can attach any
     * storage) and {@code cipassword} (a secret would sit in the command's payload).
     */
    public static final String DEFAULT = "name,description,tags,memory,balloon,shares,cores,sockets,vcpus,cpu,"
            + "cpulimit,cpuunits,numa,onboot,startup,boot,agent,protection,ostype,hotplug,net[n],ipconfig[n],"
            + "ciuser,sshkeys,nameserver,searchdomain,hostname,swap";

    private final List<String> entries;
    private final List<Pattern> patterns;

    private ConfigSetKeys(List<String> entries) {
        this.entries = List.copyOf(entries);
        this.patterns = this.entries.stream()
                .map(e -> Pattern.compile(Pattern.quote(e.replace("[n]", "")) + (e.endsWith("[n]") ? "\\d{1,3}" : "")))
                .toList();
    }

    public static ConfigSetKeys defaults() {
        return parse(DEFAULT);
    }

    /** {@code a,b , net[n]} — a blank list means the defaults. */
    public static ConfigSetKeys parse(String commaSeparated) {
        List<String> entries = Arrays.stream(commaSeparated == null ? new String[0] : commaSeparated.split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        return entries.isEmpty() ? parse(DEFAULT) : new ConfigSetKeys(entries);
    }

    public List<String> entries() {
        return entries;
    }

    /** @throws CommandFailure {@code KEY_NOT_ALLOWED} naming the field and the key */
    void check(String field, String key) throws CommandFailure {
        if (patterns.stream().noneMatch(p -> p.matcher(key).matches())) {
            throw new CommandFailure(CommandFailure.KEY_NOT_ALLOWED, "payload." + field + ": config key '" + key
                    + "' is not allowed for proxmox.config.set (allowed: " + String.join(",", entries)
                    + "; see CORRAL_AGENT_CONFIG_SET_KEYS)");
        }
    }
}
