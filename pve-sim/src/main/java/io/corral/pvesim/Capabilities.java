package io.corral.pvesim;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/** The {@code cap} map a ticket login returns; the simulator's users are all administrators. */
final class Capabilities {

    static final Map<String, Map<String, Integer>> ADMINISTRATOR = Map.of(
            "vms", privileges("VM.Allocate", "VM.Audit", "VM.Clone", "VM.Config.CPU", "VM.Config.Disk",
                    "VM.Config.Memory", "VM.Config.Network", "VM.Config.Options", "VM.Console", "VM.Migrate",
                    "VM.PowerMgmt", "VM.Snapshot", "Permissions.Modify"),
            "storage", privileges("Datastore.Allocate", "Datastore.AllocateSpace", "Datastore.AllocateTemplate",
                    "Datastore.Audit", "Permissions.Modify"),
            "nodes", privileges("Sys.Audit", "Sys.Console", "Sys.Modify", "Sys.PowerMgmt", "Sys.Syslog",
                    "Permissions.Modify"),
            "access", privileges("User.Modify", "Group.Allocate", "Permissions.Modify"),
            "dc", privileges("Sys.Audit", "Sys.Modify", "SDN.Allocate", "SDN.Audit"),
            "sdn", privileges("SDN.Allocate", "SDN.Audit", "SDN.Use", "Permissions.Modify"),
            "mapping", privileges("Mapping.Audit", "Mapping.Modify", "Mapping.Use", "Permissions.Modify"));

    private Capabilities() {
    }

    private static Map<String, Integer> privileges(String... names) {
        Map<String, Integer> map = new TreeMap<>();
        for (String name : names) {
            map.put(name, 1);
        }
        return Collections.unmodifiableMap(map);
    }
}
