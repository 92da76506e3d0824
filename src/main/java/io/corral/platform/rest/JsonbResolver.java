package io.corral.platform.rest;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * JSON-B for the user API: unknown fields are refused (a typo must not be silently ignored),
 * nulls are written so every field of a view is always present.
 */
@Provider
public class JsonbResolver implements ContextResolver<Jsonb> {
    static final Jsonb STRICT = JsonbBuilder.create(new JsonbConfig()
            .withNullValues(true)
            .setProperty("jsonb.fail-on-unknown-properties", true));

    /** For the agent API, which ignores unknown fields so agents and control plane upgrade apart. */
    public static final Jsonb LENIENT = JsonbBuilder.create(new JsonbConfig().withNullValues(true));

    @Override
    public Jsonb getContext(Class<?> type) {
        return STRICT;
    }
}
