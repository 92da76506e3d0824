package io.corral.auth;

/** The body of {@code POST /api/v1/vault/rotate}: the configured key version to re-encrypt every credential to. */
public record RotateRequest(Integer toVersion) {
}
