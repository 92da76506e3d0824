package io.corral.agent.executor.proxmox;

import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Payload;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * What a {@code proxmox.create} payload asks for besides node and VMID, checked against Proxmox's own
 * key names and formats so that nothing malformed reaches its API: disk keys are the guest type's
 * ({@code scsi0}, {@code virtio1} … for a VM, {@code mp0} … for a container), network keys
 * {@code net0}–{@code net31}, and every value a single line of text. {@code memory} is in MiB.
 */
record CreateOptions(String type, Optional<String> name, Optional<Long> cores, Optional<Long> sockets,
                     Optional<Long> memory, Map<String, String> disks, Optional<String> rootfs,
                     Map<String, String> nets, Optional<String> ostemplate, Optional<String> storage, boolean start,
                     Optional<String> description) {

    // Proxmox's key ranges: ide0-3, sata0-5, scsi0-30, virtio0-15 (+ EFI and TPM state), mp0-255, net0-31.
    private static final Pattern VM_DISK = Pattern.compile(
            "ide[0-3]|sata[0-5]|scsi([0-9]|[12][0-9]|30)|virtio([0-9]|1[0-5])|efidisk0|tpmstate0");
    private static final Pattern CT_DISK = Pattern.compile("mp([0-9]|[1-9][0-9]|1[0-9][0-9]|2[0-4][0-9]|25[0-5])");
    private static final Pattern NET = Pattern.compile("net([0-9]|[12][0-9]|3[01])");
    // PVE's formats: dns-name, pve-storage-id.
    private static final Pattern NAME = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern STORAGE = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,99}");
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Pattern CONTROL_BUT_LINES = Pattern.compile("[\\p{Cntrl}&&[^\\n\\r\\t]]");
    private static final int MAX_SPEC = 1024;
    private static final int MAX_OSTEMPLATE = 255;
    private static final int MAX_DESCRIPTION = 8 * 1024;
    private static final long MAX_MEMORY_MIB = 4L * 1024 * 1024;

    static CreateOptions read(Payload payload) throws CommandFailure {
        String type = payload.optionalGuestType("type").orElse("qemu");
        boolean vm = type.equals("qemu");
        Optional<String> name = payload.optionalMatching("name", NAME, "must be a DNS name");
        Optional<Long> cores = payload.optionalLong("cores", 1, 8192);
        Optional<Long> sockets = payload.optionalLong("sockets", 1, 64);
        if (sockets.isPresent() && !vm) {
            throw CommandFailure.invalidPayload("sockets", "only for qemu (a container has cores only)");
        }
        Optional<Long> memory = payload.optionalLong("memory", 16, MAX_MEMORY_MIB);
        Map<String, String> disks = specs(payload, "disks", vm ? VM_DISK : CT_DISK, vm
                ? "is not a Proxmox VM disk key (ide0-3, sata0-5, scsi0-30, virtio0-15, efidisk0, tpmstate0)"
                : "is not a Proxmox container mount point key (mp0-255; the root file system is rootfs)");
        Optional<String> rootfs = spec(payload, "rootfs");
        if (rootfs.isPresent() && vm) {
            throw CommandFailure.invalidPayload("rootfs", "only for lxc (a VM's disks go in disks)");
        }
        Map<String, String> nets = specs(payload, "net", NET, "is not a Proxmox network key (net0-31)");
        Optional<String> ostemplate = spec(payload, "ostemplate");
        if (ostemplate.isPresent() && ostemplate.get().length() > MAX_OSTEMPLATE) {
            throw CommandFailure.invalidPayload("ostemplate", "is longer than " + MAX_OSTEMPLATE + " characters");
        }
        if (ostemplate.isPresent() && vm) {
            throw CommandFailure.invalidPayload("ostemplate", "only for lxc");
        }
        if (ostemplate.isEmpty() && !vm) {
            throw CommandFailure.invalidPayload("ostemplate", "is required for lxc (e.g. "
                    + "local:vztmpl/debian-12-standard_12.7-1_amd64.tar.zst)");
        }
        return new CreateOptions(type, name, cores, sockets, memory, disks, rootfs, nets, ostemplate,
                payload.optionalMatching("storage", STORAGE, "must be a Proxmox storage id"),
                payload.optionalBoolean("start").orElse(false),
                description(payload));
    }

    /**
     * The parameters of {@code POST /nodes/{node}/qemu|lxc}; a container's name is its
     * {@code hostname}. {@code start} is not among them: the agent starts the guest itself, so that
     * the start is a task it can follow.
     */
    Map<String, String> params(int vmid) {
        Map<String, String> params = new LinkedHashMap<>();
        params.put("vmid", String.valueOf(vmid));
        name.ifPresent(n -> params.put(isVm() ? "name" : "hostname", n));
        ostemplate.ifPresent(t -> params.put("ostemplate", t));
        cores.ifPresent(c -> params.put("cores", String.valueOf(c)));
        sockets.ifPresent(s -> params.put("sockets", String.valueOf(s)));
        memory.ifPresent(m -> params.put("memory", String.valueOf(m)));
        rootfs.ifPresent(r -> params.put("rootfs", r));
        params.putAll(disks);
        params.putAll(nets);
        storage.ifPresent(s -> params.put("storage", s));
        description.ifPresent(d -> params.put("description", d));
        return params;
    }

    boolean isVm() {
        return type.equals("qemu");
    }

    /** {@code "name","cores","memory","disks","net"} (+ the others when asked for) of the result. */
    JsonObjectBuilder addTo(JsonObjectBuilder json) {
        if (name.isPresent()) {
            json.add("name", name.get());
        } else {
            json.addNull("name");
        }
        cores.ifPresent(c -> json.add("cores", c));
        sockets.ifPresent(s -> json.add("sockets", s));
        memory.ifPresent(m -> json.add("memory", m));
        rootfs.ifPresent(r -> json.add("rootfs", r));
        JsonObjectBuilder diskJson = Json.createObjectBuilder();
        disks.forEach(diskJson::add);
        JsonObjectBuilder netJson = Json.createObjectBuilder();
        nets.forEach(netJson::add);
        ostemplate.ifPresent(t -> json.add("ostemplate", t));
        storage.ifPresent(s -> json.add("storage", s));
        return json.add("disks", diskJson).add("net", netJson);
    }

    /** An object of key → spec, each key matching {@code keys}, each spec one line of text. */
    private static Map<String, String> specs(Payload payload, String field, Pattern keys, String badKey)
            throws CommandFailure {
        JsonObject object = payload.optionalObject(field).orElse(JsonValue.EMPTY_JSON_OBJECT);
        Map<String, String> specs = new LinkedHashMap<>();
        for (Map.Entry<String, JsonValue> entry : object.entrySet()) {
            String key = entry.getKey();
            if (!keys.matcher(key).matches()) {
                throw CommandFailure.invalidPayload(field, "'" + printable(key) + "' " + badKey);
            }
            if (!(entry.getValue() instanceof JsonString value)) {
                throw CommandFailure.invalidPayload(field + "." + key, "must be a string");
            }
            specs.put(key, checkedSpec(field + "." + key, value.getString()));
        }
        return Collections.unmodifiableMap(specs);
    }

    private static Optional<String> spec(Payload payload, String field) throws CommandFailure {
        Optional<String> value = payload.optionalString(field);
        return value.isEmpty() ? value : Optional.of(checkedSpec(field, value.get()));
    }

    /** A Proxmox property string ({@code local-lvm:32,iothread=1}): one line, not blank, bounded. */
    private static String checkedSpec(String field, String value) throws CommandFailure {
        if (value.isBlank()) {
            throw CommandFailure.invalidPayload(field, "must not be blank");
        }
        if (value.length() > MAX_SPEC) {
            throw CommandFailure.invalidPayload(field, "is longer than " + MAX_SPEC + " characters");
        }
        if (CONTROL.matcher(value).find()) {
            throw CommandFailure.invalidPayload(field, "must not contain control characters");
        }
        return value;
    }

    /** Free text of up to 8 KiB; line breaks and tabs are its only control characters. */
    private static Optional<String> description(Payload payload) throws CommandFailure {
        Optional<String> value = payload.optionalString("description");
        if (value.isPresent() && value.get().length() > MAX_DESCRIPTION) {
            throw CommandFailure.invalidPayload("description", "is longer than " + MAX_DESCRIPTION + " characters");
        }
        if (value.isPresent() && CONTROL_BUT_LINES.matcher(value.get()).find()) {
            throw CommandFailure.invalidPayload("description", "must not contain control characters "
                    + "other than line breaks and tabs");
        }
        return value;
    }

    /** A key as it may appear in a message: cut short, control characters replaced. */
    private static String printable(String key) {
        String cut = key.length() > 40 ? key.substring(0, 40) + "…" : key;
        return CONTROL.matcher(cut).replaceAll("?");
    }
}
