package io.corral.platform.json;

import jakarta.json.spi.JsonProvider;

/**
 * The JSON-P provider, looked up once: every {@code jakarta.json.Json.create…} call searches the
 * class path for a provider (a measurable cost on request paths and in the console's ticks).
 */
public final class Jsons {
    public static final JsonProvider JSON = JsonProvider.provider();

    private Jsons() {
    }
}
