package io.corral.agent.ssh;

import java.nio.file.Path;

/**
 * One machine the agent may reach over SSH, as configured in the targets file.
 *
 * @param privateKeyFile path of an OpenSSH/PEM private key, or null when {@code privateKey} is set
 * @param privateKey     the private key itself, or null when {@code privateKeyFile} is set
 * @param hostKey        the pinned host key, the only one accepted
 * @param vmid           the Proxmox guest it is, or null
 * @param node           the guest's Proxmox node, or null
 * @param keyRef         the key file's name in the agent's key directory (targets synced from the
 *                       control plane), resolved and checked when a command uses the target; or null
 */
public record SshTarget(String name, String host, int port, String user, Path privateKeyFile,
                        String privateKey, PinnedHostKey hostKey, Integer vmid, String node, String keyRef) {

    public SshTarget(String name, String host, int port, String user, Path privateKeyFile,
                     String privateKey, PinnedHostKey hostKey, Integer vmid, String node) {
        this(name, host, port, user, privateKeyFile, privateKey, hostKey, vmid, node, null);
    }

    /** This target with its key file. */
    SshTarget withKeyFile(Path file) {
        return new SshTarget(name, host, port, user, file, null, hostKey, vmid, node, keyRef);
    }

    /** True when this target stands for the guest: same vmid (and node when set), or same name. */
    public boolean matches(Integer guestVmid, String guestNode, String guestName) {
        if (vmid != null && guestVmid != null && vmid.equals(guestVmid)) {
            return node == null || node.equals(guestNode);
        }
        return guestName != null && name.equals(guestName);
    }

    public String address() {
        return user + "@" + host + ":" + port;
    }

    @Override
    public String toString() {
        // Never let a private key reach a log line.
        return "SshTarget[name=" + name + ", " + address() + ", vmid=" + vmid + ", node=" + node + "]";
    }
}
