package io.corral.command;

import jakarta.json.JsonArrayBuilder;

import java.util.List;
import java.util.UUID;

/** Which commands of a start batch run now (started here or before), and which were refused. */
public record StartAnswer(List<UUID> started, List<Refusal> refused) {

    /** Why one command of a batch was not started. */
    public record Refusal(UUID id, int status, String code, String message) {
    }

    /** The batch answer: {@code {"started":[ids],"refused":[{"id","code"}]}}. */
    public String toJson() {
        JsonArrayBuilder ids = CanonicalJson.JSON.createArrayBuilder();
        started.forEach(id -> ids.add(id.toString()));
        JsonArrayBuilder no = CanonicalJson.JSON.createArrayBuilder();
        refused.forEach(r -> no.add(CanonicalJson.JSON.createObjectBuilder().add("id", r.id().toString())
                .add("code", r.code())));
        return CanonicalJson.JSON.createObjectBuilder().add("started", ids).add("refused", no).build().toString();
    }
}
