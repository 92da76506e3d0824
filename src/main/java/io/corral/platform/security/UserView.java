package io.corral.platform.security;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A console user as lists show it: never the password hash. */
public record UserView(UUID id, String username, String role, boolean enabled, OffsetDateTime createdAt) {
}
