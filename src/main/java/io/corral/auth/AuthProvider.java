package io.corral.auth;

/**
 * A provider people sign in to in a browser VM: the template the VM is cloned from and the agent
 * (by name) that clones it; {@code checkUrl} is the optional URL the credential validation calls.
 */
public record AuthProvider(String name, String agent, String node, int templateVmid, String checkUrl) {

    /** The names a provider may have: they become part of VM names, so DNS-friendly. */
    static final String NAME = "[a-z0-9][a-z0-9-]{0,30}";
}
