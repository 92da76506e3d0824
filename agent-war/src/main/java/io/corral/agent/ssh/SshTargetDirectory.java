package io.corral.agent.ssh;

import io.corral.agent.executor.CommandFailure;
import io.corral.agent.pve.PveGuest;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The SSH targets of this agent, from the JSON targets file (re-read when it changes). Until
 * the control plane pushes targets, this file is where an operator configures them.
 */
public final class SshTargetDirectory implements SshTargets {

    private final WatchedFile<SshTargetsFile> file;
    private final KeyRefs keyRefs;

    /** @param keyDir where the key files that targets name by {@code keyRef} are */
    public SshTargetDirectory(Path targetsFile, Path keyDir, SshAddressGuard guard) {
        this.file = new WatchedFile<>(targetsFile, text -> SshTargetsFile.parse(text, guard, targetsFile));
        this.keyRefs = new KeyRefs(keyDir);
    }

    @Override
    public boolean isConfigured(PveGuest guest) {
        return file.current().usable().stream()
                .anyMatch(t -> t.matches(guest.vmid(), guest.node(), guest.name()));
    }

    /**
     * The target named so, or the one for the guest {@code vmid} (on {@code node} when given).
     *
     * @throws CommandFailure {@code SSH_REQUIRED} when there is none, {@code SSH_TARGET_FORBIDDEN}
     *                        when it was refused for its address, {@code SSH_KEY_FORBIDDEN} when its
     *                        {@code keyRef} names no key file of the key directory (checked at each use,
     *                        so a key added later is found)
     */
    public SshTarget find(TargetSelector selector) throws CommandFailure {
        SshTargetsFile targets = file.current();
        Optional<String> refused = targets.refusedReason(selector);
        if (refused.isPresent()) {
            throw SshErrors.failure(SshErrors.TARGET_FORBIDDEN, refused.get());
        }
        SshTarget target = targets.usable().stream().filter(selector::matches).findFirst()
                .orElseThrow(() -> SshErrors.failure(SshErrors.REQUIRED,
                        "no SSH target is configured for " + selector));
        return target.keyRef() == null ? target : target.withKeyFile(keyRefs.resolve(target.keyRef()));
    }
}
