package io.corral.fleet;

import jakarta.json.bind.annotation.JsonbProperty;

/**
 * The body of {@code PATCH /api/v1/vms/{id}}: only the fields given change. {@code idleLimitMinutes}
 * 0 goes back to the hibernation task's default.
 */
public record VmUpdateRequest(@JsonbProperty("protected") Boolean protectedVm, String hibernatePolicy,
                              Integer idleLimitMinutes) {
}
