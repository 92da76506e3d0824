package io.corral.pvesim;

import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Nodes, guests and tasks of the simulated cluster. Thread-safe: all access holds its monitor. */
public final class ClusterState {

    /** PVE keeps a bounded task index; so does the simulator. */
    private static final int TASK_HISTORY = 1_000;

    private final Clock clock;
    private final Map<String, Node> nodes = new LinkedHashMap<>();
    private final Map<Integer, Guest> guests = new TreeMap<>();
    private final Deque<Task> tasks = new ArrayDeque<>();

    public ClusterState(Clock clock) {
        this.clock = clock;
    }

    /** Replaces everything with the seed's nodes and guests and forgets all tasks. */
    public synchronized void load(Seed seed) {
        nodes.clear();
        guests.clear();
        tasks.clear();
        for (Seed.SeedNode seedNode : seed.nodes()) {
            nodes.put(seedNode.name(), Node.fromSeed(seedNode, clock.instant()));
            for (Seed.SeedGuest seedGuest : seedNode.guests()) {
                guests.put(seedGuest.vmid(), new Guest(seedNode.name(), seedGuest, clock.instant()));
            }
        }
    }

    public synchronized List<Node> nodes() {
        return List.copyOf(nodes.values());
    }

    /**
     * The node, or the error pveproxy gives when it cannot resolve a node name it should proxy to
     * (500 hostname lookup failed). The simulator always answers this way for unknown nodes.
     */
    public synchronized Node requireNode(String name) {
        Node node = nodes.get(name);
        if (node == null) {
            throw PveException.internal("hostname lookup '" + name + "' failed - failed to get address info for: "
                    + name + ": Name or service not known");
        }
        return node;
    }

    /** All guests by VMID. */
    public synchronized List<Guest> guests() {
        return List.copyOf(guests.values());
    }

    public synchronized List<Guest> guests(String node, GuestType type) {
        return guests.values().stream().filter(g -> g.node().equals(node) && g.type() == type).toList();
    }

    /** The guest, or PVE's answer when its config file is not on that node. */
    public synchronized Guest requireGuest(String node, GuestType type, int vmid) {
        requireNode(node);
        Guest guest = guests.get(vmid);
        if (guest == null || !guest.node().equals(node) || guest.type() != type) {
            throw PveException.internal("Configuration file '" + type.configPath(node, vmid) + "' does not exist");
        }
        return guest;
    }

    /** Adds a guest unless its VMID is taken; false if it is. */
    synchronized boolean addGuest(Guest guest) {
        return guests.putIfAbsent(guest.vmid(), guest) == null;
    }

    /** Removes exactly this guest (not a later one with the same VMID). */
    synchronized void removeGuest(Guest guest) {
        guests.remove(guest.vmid(), guest);
    }

    public synchronized boolean isVmidUsed(int vmid) {
        return guests.containsKey(vmid);
    }

    /** The lowest free VMID from 100 up; reserves nothing. */
    public synchronized int nextFreeVmid() {
        int vmid = 100;
        while (guests.containsKey(vmid)) {
            vmid++;
        }
        return vmid;
    }

    synchronized void addTask(Task task) {
        tasks.addFirst(task);
        while (tasks.size() > TASK_HISTORY) {
            tasks.removeLast();
        }
    }

    /** Tasks, newest first. */
    public synchronized List<Task> tasks() {
        List<Task> list = new ArrayList<>(tasks);
        list.sort(Comparator.comparingLong((Task t) -> t.upid().starttime()).reversed());
        return list;
    }

    public synchronized Optional<Task> task(String upid) {
        return tasks.stream().filter(t -> t.upid().toString().equals(upid)).findFirst();
    }
}
