package io.corral.command;

import jakarta.json.JsonArrayBuilder;

import java.util.List;
import java.util.UUID;

/**
 * What one claim found for an agent's poll: leased commands, cancellations to pass on, and
 * {@code recheckInMillis} (null when nothing is in doubt) after which a lease the poll's
 * {@code have} did not list can be judged lost.
 */
public record Delivery(List<CommandRow> commands, List<UUID> cancellations, Long recheckInMillis) {
    public static final Delivery NOTHING = new Delivery(List.of(), List.of(), null);

    public boolean isEmpty() {
        return commands.isEmpty() && cancellations.isEmpty();
    }

    /** The {@code next} answer: {@code {"commands":[…],"cancellations":[ids]}}. */
    public String toJson() {
        JsonArrayBuilder list = CanonicalJson.JSON.createArrayBuilder();
        commands.forEach(c -> list.add(CommandView.delivery(c)));
        JsonArrayBuilder ids = CanonicalJson.JSON.createArrayBuilder();
        cancellations.forEach(id -> ids.add(id.toString()));
        return CanonicalJson.JSON.createObjectBuilder().add("commands", list).add("cancellations", ids).build()
                .toString();
    }
}
