package io.corral.pvesim;

import java.util.List;
import java.util.Map;

/**
 * What a create call asks for, checked and worked out before the worker starts: the new guest's
 * config (volumes named, MAC addresses made, PVE's defaults added), the size of its boot disk or root
 * file system, and the lines its task logs at its start and before its end.
 */
record CreatePlan(Map<String, String> config, long maxdisk, List<String> firstLines, List<String> lastLines) {

    CreatePlan {
        config = Map.copyOf(config);
        firstLines = List.copyOf(firstLines);
        lastLines = List.copyOf(lastLines);
    }

    /** {@code BC:24:11} is the prefix PVE uses for the MAC addresses it makes. */
    static String mac(int vmid, int index) {
        int v = (vmid * 32 + index) & 0xFFFFFF;
        return String.format("BC:24:11:%02X:%02X:%02X", (v >> 16) & 0xFF, (v >> 8) & 0xFF, v & 0xFF);
    }
}
