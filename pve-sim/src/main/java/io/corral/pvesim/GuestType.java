package io.corral.pvesim;

/** The two kinds of guest, with the names PVE uses for them in paths, files and tasks. */
public enum GuestType {
    QEMU("qemu", "qemu-server", "qm", "VM"),
    LXC("lxc", "lxc", "vz", "CT");

    private final String apiName;
    private final String configDir;
    private final String taskPrefix;
    private final String noun;

    GuestType(String apiName, String configDir, String taskPrefix, String noun) {
        this.apiName = apiName;
        this.configDir = configDir;
        this.taskPrefix = taskPrefix;
        this.noun = noun;
    }

    public static GuestType fromApiName(String name) {
        for (GuestType type : values()) {
            if (type.apiName.equals(name)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown guest type '" + name + "' (expected qemu or lxc)");
    }

    /** {@code qemu} or {@code lxc}: the path segment and the {@code type} field. */
    public String apiName() {
        return apiName;
    }

    /** The cluster file system path PVE names when a guest does not exist on a node. */
    public String configPath(String node, int vmid) {
        return "nodes/" + node + "/" + configDir + "/" + vmid + ".conf";
    }

    /** {@code qmstart}, {@code vzstop}, ... */
    public String taskType(String action) {
        return taskPrefix + action;
    }

    /** {@code VM} or {@code CT}, as in {@code VM is locked (clone)}. */
    public String noun() {
        return noun;
    }
}
