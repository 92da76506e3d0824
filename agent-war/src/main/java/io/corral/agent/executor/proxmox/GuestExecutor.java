package io.corral.agent.executor.proxmox;

import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandExecutor;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Payload;
import io.corral.agent.pve.PveClient;
import jakarta.json.JsonObject;

/**
 * A {@code proxmox.*} command about one guest ({@code {"node","vmid","type"?, …}}). The whole
 * payload is read and checked before Proxmox is asked anything, so a bad payload fails
 * {@code INVALID_PAYLOAD} even when Proxmox is down; then the guest is found (its type from
 * {@code /cluster/resources} when not given), and a cancel that came meanwhile stops the command
 * before it changes anything.
 *
 * @param <O> the type's own payload fields, as {@link #options} reads them
 */
abstract class GuestExecutor<O> implements CommandExecutor {

    private final String type;
    protected final PveClient pve;

    protected GuestExecutor(String type, PveClient pve) {
        this.type = type;
        this.pve = pve;
    }

    @Override
    public final String type() {
        return type;
    }

    @Override
    public final JsonObject execute(CommandContext context) throws CommandFailure {
        Payload payload = new Payload(context.payload());
        Guests.Address address = Guests.address(payload);
        O options = options(payload);
        GuestRef guest = resolve(address, options);
        context.checkCancelled();
        return run(context, guest, options);
    }

    /** Reads and checks the fields besides node, vmid and type; must not call Proxmox. */
    protected abstract O options(Payload payload) throws CommandFailure;

    /** Finds the guest; a type with more to check about it (e.g. a clone's new VMID) overrides this. */
    protected GuestRef resolve(Guests.Address address, O options) throws CommandFailure {
        return Guests.resolve(pve, address);
    }

    /** Does the work on the guest. */
    protected abstract JsonObject run(CommandContext context, GuestRef guest, O options) throws CommandFailure;
}
