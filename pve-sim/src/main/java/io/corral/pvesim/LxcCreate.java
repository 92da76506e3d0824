package io.corral.pvesim;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code POST /nodes/{node}/lxc} makes of its parameters, as pve-container's {@code create_vm}
 * does: the OS template must be a container template the caller may read; {@code rootfs} and
 * {@code mpN} get their volumes ({@code storage:4} when no {@code rootfs} is given), network devices
 * a MAC address and {@code type=veth}; the container is unprivileged with PVE's defaults for
 * hostname, memory and swap.
 */
final class LxcCreate {

    static final String TEMPLATE = "/nodes/{node}/lxc";
    // Parameters of the call itself (create_vm extracts them), never config keys.
    private static final Set<String> NOT_CONFIG = Set.of("node", "vmid", "ostemplate", "storage", "force",
            "restore", "unique", "pool", "ignore-unpack-errors", "ssh-public-keys", "password", "bwlimit", "start",
            "ha-managed", "unprivileged");
    private static final Pattern MOUNT_POINT = Pattern.compile("rootfs|mp(\\d+)");
    private static final Pattern NET = Pattern.compile("net(\\d+)");
    private static final Pattern SIZE_ONLY = Pattern.compile("\\d+(\\.\\d+)?");
    private static final List<String> KNOWN_OS = List.of("debian", "ubuntu", "alpine", "centos", "fedora",
            "archlinux", "rockylinux", "almalinux", "opensuse", "gentoo", "devuan", "nixos");

    private LxcCreate() {
    }

    static CreatePlan plan(ApiRequest request, SchemaValidator schema) {
        if (request.flag("restore")) {
            throw PveException.internal("pve-sim: restoring a backup (restore) is not simulated");
        }
        int vmid = request.intParam("vmid", 0);
        String storage = request.param("storage").orElse("local");
        String ostemplate = request.param("ostemplate").orElseThrow();
        checkTemplate(ostemplate, request.user());
        CreateVolumes volumes = new CreateVolumes(vmid, storage, request.user());
        Map<String, String> config = new TreeMap<>();
        List<String> mountPoints = new ArrayList<>();
        for (Map.Entry<String, String> param : request.params().entrySet()) {
            String key = param.getKey();
            Matcher net = NET.matcher(key);
            if (NOT_CONFIG.contains(key)) {
                continue;
            } else if (MOUNT_POINT.matcher(key).matches()) {
                mountPoints.add(key);
            } else if (net.matches()) {
                config.put(key, net(schema, key, param.getValue(), vmid, Integer.parseInt(net.group(1))));
            } else {
                config.put(key, param.getValue());
            }
        }
        if (!mountPoints.isEmpty() && !mountPoints.contains("rootfs")) {
            throw PveException.internal("mount points configured, but 'rootfs' not set - aborting");
        }
        if (mountPoints.isEmpty()) {
            CreateVolumes.checkRootdir(storage);
            mountPoints.add("rootfs");
        }
        mountPoints.sort(Comparator.comparingInt(k -> k.equals("rootfs") ? -1 : Integer.parseInt(k.substring(2))));
        for (String key : mountPoints) {
            String value = request.param(key).orElse(storage + ":4"); // PVE's default root file system: 4 GiB
            if (SIZE_ONLY.matcher(value).matches()) {
                value = storage + ":" + value;
            }
            config.put(key, volumes.mountPoint(key, FormatCheck.parse(schema.format("POST", TEMPLATE, key), value)));
        }
        String hostname = config.computeIfAbsent("hostname", k -> "CT" + vmid);
        config.putIfAbsent("memory", "512");
        config.putIfAbsent("swap", "512");
        config.put("arch", "amd64");
        config.put("ostype", osType(ostemplate));
        if (request.param("unprivileged").isEmpty() || request.flag("unprivileged")) {
            config.put("unprivileged", "1");
        }
        List<String> first = new ArrayList<>(volumes.log());
        first.add("extracting archive '" + archivePath(ostemplate) + "'");
        List<String> last = List.of("Total bytes read: 521902080 (498MiB, 164MiB/s)",
                "Detected container architecture: amd64",
                "Creating SSH host key 'ssh_host_ed25519_key' - this may take some time ...",
                "done: SHA256:" + HexFormat.of().formatHex(randomBytes()) + " root@" + hostname);
        return new CreatePlan(config, volumes.size("rootfs"), first, last);
    }

    /** The template must be a readable {@code vztmpl} volume (or, for root only, a path). */
    private static void checkTemplate(String ostemplate, String user) {
        if (ostemplate.equals("-")) {
            throw PveException.internal("pipe requires cli environment");
        }
        String[] id = Storages.volumeId(ostemplate);
        if (id == null) {
            if (!CreateVolumes.ROOT.equals(user)) {
                throw PveException.internal("Only root can pass arbitrary filesystem paths.");
            }
            return;
        }
        if (!Storages.contentOf(id[0], id[1]).equals("vztmpl")) {
            throw PveException.internal("unable to use volume " + ostemplate + " - content type needs to be 'vztmpl'");
        }
    }

    /** {@code name=eth0,bridge=vmbr0,ip=dhcp} → {@code …,hwaddr=BC:24:11:…,type=veth}. */
    private static String net(SchemaValidator schema, String key, String value, int vmid, int index) {
        Map<String, String> parsed = FormatCheck.parse(schema.format("POST", TEMPLATE, key), value);
        parsed.putIfAbsent("hwaddr", CreatePlan.mac(vmid, index));
        parsed.putIfAbsent("type", "veth");
        List<String> parts = new ArrayList<>();
        parsed.forEach((k, v) -> parts.add(k + "=" + v));
        return String.join(",", parts);
    }

    private static String osType(String ostemplate) {
        String name = ostemplate.substring(ostemplate.lastIndexOf('/') + 1).toLowerCase(Locale.ROOT);
        return KNOWN_OS.stream().filter(name::startsWith).findFirst().orElse("unmanaged");
    }

    private static String archivePath(String ostemplate) {
        String[] id = Storages.volumeId(ostemplate);
        return id == null ? ostemplate : "/var/lib/vz/template/cache/" + id[1].substring(id[1].indexOf('/') + 1);
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        ThreadLocalRandom.current().nextBytes(bytes);
        return bytes;
    }
}
