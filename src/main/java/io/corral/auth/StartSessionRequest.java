package io.corral.auth;

import jakarta.json.JsonObject;
import jakarta.validation.constraints.Size;

/**
 * The body of {@code POST /api/auth/start}: {@code provider} (required, one of
 * {@code CORRAL_AUTH_PROVIDERS}); {@code agent} (name or id) overrides the provider's agent;
 * {@code preserveVm} keeps this session's VM whatever happens (debugging); {@code options} is a
 * JSON object of at most 4 KiB, kept with the session for the helper and people to read.
 */
public record StartSessionRequest(@Size(max = 63) String provider, @Size(max = 63) String agent, Boolean preserveVm,
                                  JsonObject options) {
}
