package io.corral.agent.relay;

import io.corral.agent.executor.CommandContext;
import io.corral.agent.executor.CommandExecutor;
import io.corral.agent.executor.CommandFailure;
import io.corral.agent.executor.Payload;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;

/**
 * {@code relay.open}: connects a guest's desktop to a relay the control plane holds open for a
 * browser. Succeeds once bytes flow; the relay then lives on without the command. The payload's
 * {@code dialBackSeconds} (how long the relay waits) bounds the dial-back's tries; its {@code instance}
 * (the control-plane instance holding the relay) goes on the dial-back's URL for a balancer to route by.
 */
public class RelayOpenExecutor implements CommandExecutor {
    private static final java.util.regex.Pattern INSTANCE = java.util.regex.Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,62}");

    private final RelayDialer dialer;

    public RelayOpenExecutor(RelayDialer dialer) {
        this.dialer = dialer;
    }

    @Override
    public String type() {
        return "relay.open";
    }

    @Override
    public JsonObject execute(CommandContext context) throws CommandFailure {
        Payload payload = new Payload(context.payload());
        String relayId = payload.optionalString("relayId")
                .orElseThrow(() -> CommandFailure.invalidPayload("relayId", "is required"));
        try {
            UUID.fromString(relayId);
        } catch (IllegalArgumentException e) {
            throw CommandFailure.invalidPayload("relayId", "must be a UUID");
        }
        String node = payload.node("node");
        int vmid = payload.vmid("vmid");
        String name = payload.optionalString("name").filter(n -> !n.isEmpty()).orElse(null);
        Duration dialBack = payload.optionalLong("dialBackSeconds", 1, 86_400).map(Duration::ofSeconds)
                .orElse(RelayDialer.DEFAULT_DIAL_BACK);
        String instance = payload.optionalMatching("instance", INSTANCE, "must be a plain instance name").orElse(null);
        context.checkCancelled();
        URI guest = DesktopAddress.of(dialer.desktops().urlTemplate(), node, vmid, name);
        dialer.open(relayId, guest, dialBack, instance);
        return Json.createObjectBuilder().add("relayId", relayId)
                .add("guest", guest.getHost() + ":" + guest.getPort()).build();
    }
}
