package io.corral.agent.executor;

import io.corral.agent.pve.PveGuest;

/**
 * Which guests have an SSH target configured (address, user, pinned host key). Until SSH
 * targets exist, {@link #NONE} says no for every guest.
 */
@FunctionalInterface
public interface SshTargets {

    SshTargets NONE = guest -> false;

    boolean isConfigured(PveGuest guest);
}
