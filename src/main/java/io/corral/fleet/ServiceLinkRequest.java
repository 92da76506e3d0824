package io.corral.fleet;

import jakarta.validation.constraints.Size;

import java.util.List;
import java.util.UUID;

/** The body of {@code POST /api/v1/services/{serviceId}/vms}: one guest ({@code vmId}) or several ({@code vmIds}). */
public record ServiceLinkRequest(UUID vmId, @Size(min = 1, max = 100) List<UUID> vmIds) {
}
