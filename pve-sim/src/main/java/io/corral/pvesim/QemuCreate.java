package io.corral.pvesim;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What {@code POST /nodes/{node}/qemu} makes of its parameters, as qemu-server's {@code create_vm}
 * does: every parameter that does not steer the call is a config key; drives get their new volumes
 * ({@link CreateVolumes}), network devices a MAC address, and the VM a boot order, SMBIOS UUID and
 * generation id.
 */
final class QemuCreate {

    static final String TEMPLATE = "/nodes/{node}/qemu";
    // Parameters of the call itself (create_vm extracts them), never config keys.
    private static final Set<String> NOT_CONFIG = Set.of("node", "vmid", "archive", "bwlimit", "force", "pool",
            "start", "ha-managed", "storage", "unique", "live-restore", "import-working-storage");
    private static final Pattern DRIVE = Pattern.compile("(ide|scsi|virtio|sata|efidisk|tpmstate)(\\d+)");
    // Drive order is boot-disk order (and the order volumes are made in): PVE's valid_drive_names.
    private static final List<String> DRIVE_ORDER = List.of("ide", "scsi", "virtio", "sata", "efidisk", "tpmstate");
    private static final Pattern NET = Pattern.compile("net(\\d+)");

    private QemuCreate() {
    }

    static CreatePlan plan(ApiRequest request, SchemaValidator schema, Instant now) {
        if (request.param("archive").isPresent()) {
            throw PveException.internal("pve-sim: restoring a backup (archive) is not simulated");
        }
        int vmid = request.intParam("vmid", 0);
        CreateVolumes volumes = new CreateVolumes(vmid, request.param("storage").orElse(null), request.user());
        Map<String, String> config = new TreeMap<>();
        List<String> drives = new ArrayList<>();
        for (Map.Entry<String, String> param : request.params().entrySet()) {
            String key = param.getKey();
            Matcher net = NET.matcher(key);
            if (NOT_CONFIG.contains(key)) {
                continue;
            } else if (DRIVE.matcher(key).matches()) {
                drives.add(key);
            } else if (net.matches()) {
                config.put(key, net(schema, key, param.getValue(), vmid, Integer.parseInt(net.group(1))));
            } else {
                config.put(key, param.getValue());
            }
        }
        drives.sort(Comparator.comparingInt(QemuCreate::driveRank));
        for (String key : drives) {
            Map<String, String> drive = FormatCheck.parse(schema.format("POST", TEMPLATE, key),
                    request.params().get(key));
            config.put(key, volumes.drive(key, drive));
        }
        String bootDisk = first(drives, config, false);
        config.putIfAbsent("boot", bootOrder(bootDisk, first(drives, config, true), config));
        config.putIfAbsent("smbios1", "uuid=" + uuid(vmid, "smbios", now));
        config.putIfAbsent("vmgenid", uuid(vmid, "vmgenid", now).toString());
        config.put("meta", "creation-qemu=9.0.2,ctime=" + now.getEpochSecond());
        List<String> last = request.flag("start") ? List.of("Execute autostart") : List.of();
        return new CreatePlan(config, bootDisk == null ? 0 : volumes.size(bootDisk), volumes.log(), last);
    }

    /** {@code virtio,bridge=vmbr0} → {@code virtio=BC:24:11:…,bridge=vmbr0}: a MAC is made when none is given. */
    private static String net(SchemaValidator schema, String key, String value, int vmid, int index) {
        Map<String, String> parsed = FormatCheck.parse(schema.format("POST", TEMPLATE, key), value);
        String model = parsed.remove("model");
        String mac = parsed.remove("macaddr");
        StringBuilder text = new StringBuilder(model).append('=').append(mac == null ? CreatePlan.mac(vmid, index) : mac);
        parsed.forEach((k, v) -> text.append(',').append(k).append('=').append(v));
        return text.toString();
    }

    private static int driveRank(String key) {
        Matcher m = DRIVE.matcher(key);
        m.matches();
        return DRIVE_ORDER.indexOf(m.group(1)) * 1_000 + Integer.parseInt(m.group(2));
    }

    /** The first bootable drive that is (or is not) a CD-ROM, in PVE's boot-disk order. */
    private static String first(List<String> drives, Map<String, String> config, boolean cdrom) {
        return drives.stream()
                .filter(k -> !k.startsWith("efidisk") && !k.startsWith("tpmstate"))
                .filter(k -> config.get(k).contains("media=cdrom") == cdrom)
                .findFirst().orElse(null);
    }

    /** PVE's default: the first disk, the first CD-ROM, the first network device. */
    private static String bootOrder(String disk, String cdrom, Map<String, String> config) {
        List<String> order = new ArrayList<>();
        if (disk != null) {
            order.add(disk);
        }
        if (cdrom != null) {
            order.add(cdrom);
        }
        for (int i = 0; i < 32; i++) {
            if (config.containsKey("net" + i)) {
                order.add("net" + i);
                break;
            }
        }
        return "order=" + String.join(";", order);
    }

    private static UUID uuid(int vmid, String purpose, Instant now) {
        return UUID.nameUUIDFromBytes((purpose + vmid + "@" + now.toEpochMilli()).getBytes(StandardCharsets.UTF_8));
    }
}
