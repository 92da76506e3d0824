package io.corral.console;

import io.corral.platform.json.Jsons;
import io.corral.fleet.Vm;
import jakarta.json.JsonObject;

import java.util.List;
import java.util.Locale;

/**
 * What the VM pages may ask of a guest: the commands it queues (those of {@code POST /api/v1/commands},
 * the destroy as the destruction task does it), when it applies, and what it does, in words for the
 * confirm dialog.
 */
public enum VmAction {
    START("Start", "boots the VM.", "proxmox.start"),
    STOP("Stop", "cuts the VM's power at once, like pulling the plug: unsaved work inside it is lost.", "proxmox.stop"),
    SHUTDOWN("Shut down", "asks the VM's operating system to shut down cleanly; a guest that ignores it keeps running.",
            "proxmox.shutdown"),
    HIBERNATE("Hibernate", "saves the VM's memory to disk and stops it; Resume brings it back as it was.",
            "proxmox.hibernate"),
    RESUME("Resume", "starts a hibernated VM from its saved memory, or un-pauses a paused one.", "proxmox.resume"),
    DESTROY("Destroy", "stops the VM if it runs and deletes it with its disks. This cannot be undone.",
            "proxmox.destroy");

    private final String label;
    private final String effect;
    private final String type;

    VmAction(String label, String effect, String type) {
        this.label = label;
        this.effect = effect;
        this.type = type;
    }

    /** {@code stop}, {@code destroy} … as the pages and the audit log name it. */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String label() {
        return label;
    }

    /** What happens to each VM, as the confirm dialog says it. */
    public String effect() {
        return effect;
    }

    /** The audit log's action name. */
    public String audited() {
        return "vm." + key();
    }

    /** The fleet event written with the command (the tasks' {@code hibernate-requested}, {@code destroy-requested} …). */
    public String eventKind() {
        return key() + "-requested";
    }

    /** {@code stop} → {@link #STOP}; null for anything else. */
    public static VmAction parse(String key) {
        for (VmAction a : values()) {
            if (a.key().equals(key)) {
                return a;
            }
        }
        return null;
    }

    /** Why this action does not apply to the guest as it is now, or null when it does. */
    public String whyNot(Vm vm) {
        if (vm.isTemplate()) {
            return "is a template";
        }
        boolean running = "running".equals(vm.getStatus());
        boolean paused = "paused".equals(vm.getStatus());
        return switch (this) {
            case START -> running || paused ? "is already " + vm.getStatus() : null;
            case STOP -> running || paused ? null : "is not running";
            case SHUTDOWN -> running ? null : "is not running";
            case HIBERNATE -> !running ? "is not running" : "lxc".equals(vm.getType()) ? "is a container (only VMs hibernate)" : null;
            case RESUME -> vm.isHibernated() || paused ? null : "is neither hibernated nor paused";
            case DESTROY -> vm.isProtected() ? "is protected: unprotect it first" : null;
        };
    }

    /** The command types to queue for the guest, in order (a running guest is stopped before it is destroyed). */
    public List<String> types(Vm vm) {
        if (this == DESTROY && ("running".equals(vm.getStatus()) || "paused".equals(vm.getStatus()))) {
            return List.of(STOP.type, type);
        }
        return List.of(type);
    }

    /** Payload fields of the last command beyond node and VMID. */
    public JsonObject extra() {
        return this == DESTROY ? Jsons.JSON.createObjectBuilder().add("purge", true).build() : JsonObject.EMPTY_JSON_OBJECT;
    }
}
