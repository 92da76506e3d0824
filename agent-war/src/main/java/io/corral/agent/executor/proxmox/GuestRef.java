package io.corral.agent.executor.proxmox;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;

/** One guest: where it lives and what it is ({@code qemu} or {@code lxc}). */
public record GuestRef(String node, int vmid, String type) {

    /** {@code /nodes/{node}/{type}/{vmid}}. */
    public String path() {
        return "/nodes/" + node + "/" + type + "/" + vmid;
    }

    public boolean isVm() {
        return "qemu".equals(type);
    }

    /** {@code VM 100} or {@code CT 200}, as Proxmox words it. */
    public String label() {
        return (isVm() ? "VM " : "CT ") + vmid;
    }

    /** {@code {"node","vmid","type"}}: how every result about a guest begins. */
    public JsonObjectBuilder toJson() {
        return Json.createObjectBuilder().add("node", node).add("vmid", vmid).add("type", type);
    }
}
