package io.corral.platform.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** An API token for automation; the secret itself is never stored. */
@Entity
@Table(name = "api_token")
public class ApiToken {
    @Id
    private UUID id;
    private String name;
    private String role;
    @Column(name = "token_hash")
    private String tokenHash;
    @Column(name = "created_by")
    private String createdBy;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;
    @Column(name = "last_used_at")
    private OffsetDateTime lastUsedAt;
    @Column(name = "revoked_at")
    private OffsetDateTime revokedAt;
    @Column(name = "rate_per_second")
    private Integer ratePerSecond;

    protected ApiToken() {
    }

    public ApiToken(String name, Role role, String tokenHash, String createdBy) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.role = role.value();
        this.tokenHash = tokenHash;
        this.createdBy = createdBy;
        this.createdAt = OffsetDateTime.now();
    }

    public UUID getId() { return id; }
    public String getName() { return name; }
    public Role getRole() { return Role.parse(role); }
    public String getCreatedBy() { return createdBy; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public OffsetDateTime getLastUsedAt() { return lastUsedAt; }
    public OffsetDateTime getRevokedAt() { return revokedAt; }
    public Integer getRatePerSecond() { return ratePerSecond; }

    public void setRatePerSecond(Integer ratePerSecond) {
        this.ratePerSecond = ratePerSecond;
    }
}
