package io.corral.clone;

import io.corral.fleet.ServiceIds;
import io.corral.platform.error.ValidationProblem;

import java.util.List;
import java.util.regex.Pattern;

/** What a clone-run request must satisfy on its own, field by field, into 400s that name the field. */
final class CloneRunRules {
    static final int MAX_COUNT = 500;
    // Proxmox formats: dns-name for guest names, pve-node, pve-storage-id, tags.
    private static final Pattern NAME = Pattern.compile(
            "[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?(\\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*");
    private static final Pattern NODE = Pattern.compile("[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?");
    private static final Pattern STORAGE = Pattern.compile("[A-Za-z][A-Za-z0-9._-]{0,99}");
    private static final Pattern TAG = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.+-]{0,63}");

    private CloneRunRules() {
    }

    static void check(CloneRunRequest r) {
        if (r == null) {
            throw new ValidationProblem("body", "a JSON object is required");
        }
        if (r.count() == null) {
            throw new ValidationProblem("count", "is required (1-" + MAX_COUNT + ")");
        }
        if (r.count() < 1 || r.count() > MAX_COUNT) {
            throw new ValidationProblem("count", "must be between 1 and " + MAX_COUNT);
        }
        if (r.namePattern() == null || r.namePattern().isBlank()) {
            throw new ValidationProblem("namePattern", "is required, e.g. worker-{n}");
        }
        if (!r.namePattern().contains("{n}")) {
            throw new ValidationProblem("namePattern", "must contain {n} (the item number, 1 to count)");
        }
        for (int n : new int[] {1, r.count()}) {
            String name = r.namePattern().replace("{n}", Integer.toString(n));
            if (!NAME.matcher(name).matches()) {
                throw new ValidationProblem("namePattern", "'" + name + "' is not a DNS name (letters, digits, '-', "
                        + "'.'; labels of 1-63 characters)");
            }
        }
        if (r.vm() == null) {
            if (r.agent() == null || r.agent().isBlank()) {
                throw new ValidationProblem("agent", "is required unless vm is given");
            }
            if (r.node() == null) {
                throw new ValidationProblem("node", "is required unless vm is given");
            }
            if (r.vmid() == null) {
                throw new ValidationProblem("vmid", "is required unless vm is given");
            }
        } else if (r.agent() != null || r.node() != null || r.vmid() != null) {
            throw new ValidationProblem("vm", "give vm or agent, node and vmid, not both");
        }
        matches("node", r.node(), NODE, "a Proxmox node name");
        matches("targetNode", r.targetNode(), NODE, "a Proxmox node name");
        matches("storage", r.storage(), STORAGE, "a Proxmox storage id");
        if (r.vmid() != null && (r.vmid() < 100 || r.vmid() > 999_999_999)) {
            throw new ValidationProblem("vmid", "must be between 100 and 999999999");
        }
        if (r.service() != null) {
            ServiceIds.require("service", r.service());
        }
        List<String> tags = r.tags() == null ? List.of() : r.tags();
        for (int i = 0; i < tags.size(); i++) {
            matches("tags[" + i + "]", tags.get(i), TAG, "a Proxmox tag (letters, digits, '_', '-', '+', '.')");
        }
    }

    private static void matches(String field, String value, Pattern pattern, String what) {
        if (value != null && !pattern.matcher(value).matches()) {
            throw new ValidationProblem(field, "must be " + what);
        }
    }
}
