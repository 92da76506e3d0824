package io.corral.agent.platform;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.logging.Logger;

/** Parses per-type concurrency bounds such as {@code proxmox.clone=2, proxmox.destroy=8}. */
public final class TypeLimits {

    private TypeLimits() {
    }

    /** Malformed entries are logged and skipped rather than failing the deployment. */
    public static Map<String, Integer> parse(String text, Logger log) {
        Map<String, Integer> limits = new LinkedHashMap<>();
        for (String entry : text.split(",")) {
            if (entry.isBlank()) {
                continue;
            }
            String[] parts = entry.split("=", 2);
            try {
                int limit = Integer.parseInt(parts.length == 2 ? parts[1].trim() : "");
                if (parts[0].isBlank() || limit < 1) {
                    throw new NumberFormatException();
                }
                limits.put(parts[0].trim(), limit);
            } catch (NumberFormatException e) {
                log.warning(() -> "CORRAL_AGENT_TYPE_CONCURRENCY_OVERRIDES: ignoring '" + entry.trim()
                        + "' (expected type=positive number)");
            }
        }
        return Map.copyOf(limits);
    }
}
