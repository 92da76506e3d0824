package io.corral.fleet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An agent next to one Proxmox cluster. Its token is stored as a SHA-256 hash only. */
@Entity
@Table(name = "agent")
public class Agent {
    @Id
    private UUID id;
    private String name;
    private String description;
    @Column(name = "token_hash")
    private String tokenHash;
    @Column(name = "ttl_seconds")
    private Integer ttlSeconds;
    private String version;
    private String capabilities;
    @Column(name = "started_at")
    private OffsetDateTime startedAt;
    @Column(name = "last_seen_at")
    private OffsetDateTime lastSeenAt;
    @Column(name = "pve_reachable")
    private Boolean pveReachable;
    @Column(name = "pve_version")
    private String pveVersion;
    @Column(name = "pve_error")
    private String pveError;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;
    @Column(name = "token_rotated_at")
    private OffsetDateTime tokenRotatedAt;

    protected Agent() {
    }

    public Agent(String name, String description, Integer ttlSeconds, String tokenHash) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.description = description;
        this.ttlSeconds = ttlSeconds;
        this.tokenHash = tokenHash;
        this.capabilities = "[]";
        this.createdAt = OffsetDateTime.now();
    }

    /** Online while the last sign of life is younger than the TTL. */
    public AgentStatus statusAt(OffsetDateTime now, Duration defaultTtl) {
        Duration ttl = ttlSeconds == null ? defaultTtl : Duration.ofSeconds(ttlSeconds);
        return lastSeenAt != null && lastSeenAt.plus(ttl).isAfter(now) ? AgentStatus.ONLINE : AgentStatus.OFFLINE;
    }

    public UUID getId() { return id; }
    public String getName() { return name; }
    public String getDescription() { return description; }
    public Integer getTtlSeconds() { return ttlSeconds; }
    public String getVersion() { return version; }
    public String getCapabilities() { return capabilities; }
    public OffsetDateTime getStartedAt() { return startedAt; }
    public OffsetDateTime getLastSeenAt() { return lastSeenAt; }
    public Boolean getPveReachable() { return pveReachable; }
    public String getPveVersion() { return pveVersion; }
    public String getPveError() { return pveError; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public OffsetDateTime getTokenRotatedAt() { return tokenRotatedAt; }
}
