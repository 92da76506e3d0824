package io.corral.pvesim;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/**
 * A guest's configuration ({@code GET …/{vmid}/config}): a plausible one derived from the figures of
 * a seeded or cloned guest, or the one a create call gave.
 */
final class GuestConfig {

    private GuestConfig() {
    }

    static Map<String, Object> of(Guest guest) {
        Map<String, Object> config = guest.hasGivenConfig() ? given(guest)
                : guest.type() == GuestType.QEMU ? qemu(guest) : lxc(guest);
        config.putAll(guest.extraConfig());
        if (guest.isTemplate()) {
            config.put("template", 1);
        }
        if (guest.lock() != null) {
            config.put("lock", guest.lock());
        }
        config.put("digest", digest(config.toString()));
        return config;
    }

    /** The figures a create turned into the guest's own; the rest of its config is kept as given. */
    private static Map<String, Object> given(Guest guest) {
        Map<String, Object> config = new TreeMap<>();
        boolean vm = guest.type() == GuestType.QEMU;
        config.put(vm ? "name" : "hostname", guest.name());
        config.put("memory", vm ? String.valueOf(guest.maxmem() >> 20) : guest.maxmem() >> 20);
        config.put("cores", guest.cores());
        return config;
    }

    private static Map<String, Object> qemu(Guest guest) {
        Map<String, Object> config = new TreeMap<>();
        config.put("name", guest.name());
        config.put("memory", String.valueOf(guest.maxmem() >> 20));
        config.put("cores", guest.cores());
        config.put("sockets", 1);
        config.put("cpu", "x86-64-v2-AES");
        config.put("ostype", "l26");
        config.put("scsihw", "virtio-scsi-single");
        config.put("scsi0", "local-lvm:" + volume(guest) + ",iothread=1,size=" + (guest.maxdisk() >> 30) + "G");
        config.put("ide2", "local-lvm:vm-" + guest.vmid() + "-cloudinit,media=cdrom");
        config.put("net0", "virtio=" + mac(guest) + ",bridge=vmbr0,firewall=1");
        config.put("boot", "order=scsi0;net0");
        config.put("agent", "1");
        config.put("numa", 0);
        config.put("onboot", 0);
        config.put("smbios1", "uuid=" + uuid(guest, "smbios"));
        config.put("vmgenid", uuid(guest, "vmgenid"));
        config.put("meta", "creation-qemu=9.0.2,ctime=1718000000");
        return config;
    }

    private static Map<String, Object> lxc(Guest guest) {
        Map<String, Object> config = new TreeMap<>();
        config.put("hostname", guest.name());
        config.put("memory", guest.maxmem() >> 20);
        config.put("swap", guest.maxmem() >> 20);
        config.put("cores", guest.cores());
        config.put("arch", "amd64");
        config.put("ostype", guest.name().contains("alpine") ? "alpine" : "debian");
        config.put("rootfs", "local-lvm:" + volume(guest) + ",size=" + (guest.maxdisk() >> 30) + "G");
        config.put("net0", "name=eth0,bridge=vmbr0,firewall=1,hwaddr=" + mac(guest) + ",ip=dhcp,type=veth");
        config.put("unprivileged", 1);
        config.put("features", "nesting=1");
        return config;
    }

    /** Templates own base images, other guests plain volumes. */
    static String volume(Guest guest) {
        return (guest.isTemplate() ? "base-" : "vm-") + guest.vmid() + "-disk-0";
    }

    /** BC:24:11 is the prefix PVE uses for generated MAC addresses. */
    private static String mac(Guest guest) {
        int v = guest.vmid();
        return String.format("BC:24:11:%02X:%02X:%02X", (v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF);
    }

    private static String uuid(Guest guest, String purpose) {
        return UUID.nameUUIDFromBytes((purpose + guest.vmid()).getBytes(StandardCharsets.UTF_8)).toString();
    }

    private static String digest(String text) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
