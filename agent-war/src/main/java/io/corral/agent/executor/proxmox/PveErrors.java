package io.corral.agent.executor.proxmox;

import io.corral.agent.executor.CommandFailure;
import io.corral.agent.pve.PveException;
import java.util.regex.Pattern;

/** Reads Proxmox error texts: locks, missing guests, taken VMIDs. */
final class PveErrors {

    // "can't lock file '/var/lock/qemu-server/lock-9000.conf' - got timeout", "VM is locked (clone)",
    // "CT is locked (disk)", "VM 100 is locked", "trying to acquire lock...failed".
    private static final Pattern LOCK = Pattern.compile(
            "(?i)can't lock file|\\b(VM|CT)\\b[^\\n]{0,24}\\bis locked|trying to acquire (cfs )?lock");
    // A hibernated VM is "locked (suspended)" until resumed: waiting does not help.
    private static final Pattern LASTING_LOCK = Pattern.compile("(?i)is locked \\((suspended|template)\\)");
    private static final Pattern MISSING = Pattern.compile(
            "(?i)Configuration file '[^']*' does not exist|\\b(VM|CT) \\d+ does not exist|no such (VM|CT)\\b");
    private static final Pattern EXISTS = Pattern.compile(
            "(?i)config file already exists|\\bCT \\d+ already exists|\\bVM \\d+ already exists");

    private PveErrors() {
    }

    static boolean isLock(String text) {
        return text != null && LOCK.matcher(text).find();
    }

    /** A lock worth retrying: not one that stays until someone acts (a hibernated VM's). */
    static boolean isTransientLock(String text) {
        return isLock(text) && !LASTING_LOCK.matcher(text).find();
    }

    static boolean isLock(PveException e) {
        return e.isHttpError() && isLock(e.getMessage());
    }

    static boolean isMissingGuest(PveException e) {
        return e.isHttpError() && e.getMessage() != null && MISSING.matcher(e.getMessage()).find();
    }

    static boolean isAlreadyExists(PveException e) {
        return e.isHttpError() && e.getMessage() != null && EXISTS.matcher(e.getMessage()).find();
    }

    /** The typed failure of a Proxmox request about {@code guest}. */
    static CommandFailure failure(PveException e, GuestRef guest) {
        if (isMissingGuest(e)) {
            return new CommandFailure(CommandFailure.GUEST_NOT_FOUND, guest.label() + " not found on node "
                    + guest.node() + " (Proxmox: " + e.shortReason() + ")");
        }
        if (isLock(e)) {
            return new CommandFailure(CommandFailure.PVE_LOCKED, guest.label() + " is locked: " + e.shortReason());
        }
        return CommandFailure.of(e);
    }
}
