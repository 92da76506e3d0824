package io.corral.pvesim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The disks (VM) or mount points (container) of one create, checked and named as PVE does before it
 * forks the worker: {@code STORAGE:SIZE} (GiB) asks for a new volume {@code STORAGE:vm-<vmid>-disk-<n>},
 * written to the config with {@code size=…}; an existing volume, ISO image, {@code none} or
 * {@code cdrom} is taken as given once its storage and content type fit. Collects the task log lines
 * of the allocations.
 */
final class CreateVolumes {

    static final String ROOT = "root@pam";
    private static final Pattern NEW_VOLUME = Pattern.compile("(([^/:\\s]+):)?(\\d+(\\.\\d+)?)");
    private static final long GIB = 1L << 30;
    private static final long FIRMWARE_VOLUME = 4L << 20;

    private final int vmid;
    private final String defaultStorage;
    private final String user;
    private final List<String> log = new ArrayList<>();
    private final Map<String, Long> sizes = new LinkedHashMap<>();
    private int next;

    /** {@code defaultStorage} is the call's {@code storage} (null if none); {@code user} who asks. */
    CreateVolumes(int vmid, String defaultStorage, String user) {
        this.vmid = vmid;
        this.defaultStorage = defaultStorage;
        this.user = user;
    }

    /** A VM drive ({@code scsi0} …) as parsed from its property string; returns it as the config holds it. */
    String drive(String key, Map<String, String> drive) {
        if (drive.containsKey("import-from")) {
            throw PveException.internal("pve-sim: import-from is not simulated");
        }
        String file = drive.get("file");
        if (file == null || file.equals("none") || file.equals("cdrom")) {
            drive.remove("size");
            return print(drive, "file");
        }
        String[] id = Storages.volumeId(file);
        if (id != null && id[1].equals("cloudinit")) {
            Storages.require(id[0]);
            String volume = id[0] + ":vm-" + vmid + "-cloudinit";
            drive.put("file", volume);
            drive.put("media", "cdrom");
            return created(key, id[0], volume.substring(id[0].length() + 1), print(drive, "file"));
        }
        Matcher wanted = NEW_VOLUME.matcher(file);
        if (!"cdrom".equals(drive.get("media")) && wanted.matches()) {
            String storeid = storageOf(wanted);
            if (!Storages.require(storeid).holds("images")) {
                throw PveException.parameter("storage", "storage '" + storeid + "' does not support vm images");
            }
            boolean firmware = key.equals("efidisk0") || key.equals("tpmstate0");
            long bytes = firmware ? FIRMWARE_VOLUME : bytes(wanted.group(3));
            String volume = "vm-" + vmid + "-disk-" + next++;
            drive.put("file", storeid + ":" + volume);
            drive.remove("size");
            drive.put("size", size(bytes));
            sizes.put(key, bytes);
            return created(key, storeid, volume, print(drive, "file"));
        }
        String content = existing(file);
        if (content != null && !content.equals("images") && !content.equals("iso")) {
            throw PveException.parameter(key, "content type needs to be 'images' or 'iso'");
        }
        return print(drive, "file");
    }

    /** A container's {@code rootfs} or {@code mpN} as parsed; returns it as the config holds it. */
    String mountPoint(String key, Map<String, String> mountPoint) {
        String volume = mountPoint.get("volume");
        Matcher wanted = NEW_VOLUME.matcher(volume);
        String storeid = wanted.matches() ? storageOf(wanted) : null;
        if (storeid == null && !volume.startsWith("/")) {
            String[] id = Storages.volumeId(volume);
            if (id == null) {
                throw PveException.internal("unable to parse volume ID '" + volume + "'");
            }
            storeid = id[0];
        }
        if (storeid == null) {
            existing(volume); // a bind mount or device: root only
            return print(mountPoint, "volume");
        }
        checkRootdir(storeid);
        if (!wanted.matches()) {
            return print(mountPoint, "volume");
        }
        long bytes = bytes(wanted.group(3));
        String name = "vm-" + vmid + "-disk-" + next++;
        mountPoint.put("volume", storeid + ":" + name);
        mountPoint.remove("size");
        mountPoint.put("size", size(bytes));
        sizes.put(key, bytes);
        log.add("  Logical volume \"" + name + "\" created.");
        log.add("Creating filesystem with " + bytes / 4096 + " 4k blocks and " + bytes / 16384 + " inodes");
        return print(mountPoint, "volume");
    }

    /** {@code storage 'local' does not support container directories} unless it holds them. */
    static void checkRootdir(String storeid) {
        if (!Storages.require(storeid).holds("rootdir")) {
            throw PveException.parameter("storage", "storage '" + storeid + "' does not support container directories");
        }
    }

    /** Bytes of the new volume made for {@code key}, or 0 when none was made. */
    long size(String key) {
        return sizes.getOrDefault(key, 0L);
    }

    List<String> log() {
        return List.copyOf(log);
    }

    private String storageOf(Matcher wanted) {
        String storeid = wanted.group(2) != null ? wanted.group(2) : defaultStorage;
        if (storeid == null) {
            throw PveException.internal("no storage ID specified (and no default storage)");
        }
        return storeid;
    }

    /** Checks access to an existing volume or path; the volume's content type, or null for a path. */
    private String existing(String volid) {
        String[] id = Storages.volumeId(volid);
        if (id == null) {
            if (!ROOT.equals(user)) {
                throw PveException.internal("Only root can pass arbitrary filesystem paths.");
            }
            return null;
        }
        return Storages.contentOf(id[0], id[1]);
    }

    private String created(String key, String storeid, String volume, String printed) {
        if (Storages.require(storeid).type().equals("lvmthin")) {
            log.add("  Logical volume \"" + volume + "\" created.");
        }
        log.add(key + ": successfully created disk '" + printed + "'");
        return printed;
    }

    private static long bytes(String gib) {
        return (long) (Double.parseDouble(gib) * GIB);
    }

    /** As PVE prints sizes: {@code 32G}, {@code 512M}, {@code 4M}. */
    static String size(long bytes) {
        if (bytes % GIB == 0) {
            return bytes / GIB + "G";
        }
        return bytes % (1L << 20) == 0 ? (bytes >> 20) + "M" : (bytes >> 10) + "K";
    }

    /** The default key's value first and bare, then {@code key=value} in the order given. */
    private static String print(Map<String, String> parsed, String defaultKey) {
        StringJoiner text = new StringJoiner(",");
        if (parsed.get(defaultKey) != null) {
            text.add(parsed.get(defaultKey));
        }
        parsed.forEach((k, v) -> {
            if (!k.equals(defaultKey)) {
                text.add(k + "=" + v);
            }
        });
        return text.toString();
    }
}
