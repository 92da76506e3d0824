package io.corral.agent.ssh;

import io.corral.agent.pve.PveGuest;

/**
 * Which guests have an SSH target configured (address, user, pinned host key): what
 * {@code targets.list} reports as {@code sshConfigured}. {@link #NONE} says no for every guest.
 */
@FunctionalInterface
public interface SshTargets {

    SshTargets NONE = guest -> false;

    boolean isConfigured(PveGuest guest);
}
