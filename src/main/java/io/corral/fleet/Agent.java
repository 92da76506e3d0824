package io.corral.fleet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import jakarta.json.spi.JsonProvider;
import jakarta.json.JsonString;

import java.io.StringReader;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * An agent next to one Proxmox cluster. Its token is stored as a SHA-256 hash only. What it
 * can do (its capabilities) is unknown until its first heartbeat.
 */
@Entity
@Table(name = "agent")
public class Agent {
    /** Looked up once: {@code Json.create…} searches the class path on every call. */
    private static final JsonProvider JSON = JsonProvider.provider();
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
    @Column(name = "heartbeat_seconds", insertable = false, updatable = false)
    private Integer heartbeatSeconds;
    // jsonb, written by heartbeats only: JPA would bind it as varchar.
    @Column(name = "health", insertable = false, updatable = false)
    private String health;
    @Column(name = "liveness", insertable = false, updatable = false)
    private String liveness;
    @Column(name = "liveness_since", insertable = false, updatable = false)
    private OffsetDateTime livenessSince;

    protected Agent() {
    }

    public Agent(String name, String description, Integer ttlSeconds, String tokenHash) {
        this.id = UUID.randomUUID();
        this.name = name;
        this.description = description;
        this.ttlSeconds = ttlSeconds;
        this.tokenHash = tokenHash;
        this.createdAt = OffsetDateTime.now();
    }

    /** Online while the last sign of life is younger than the TTL. */
    public AgentStatus statusAt(OffsetDateTime now, Duration defaultTtl) {
        Duration ttl = ttlSeconds == null ? defaultTtl : Duration.ofSeconds(ttlSeconds);
        return lastSeenAt != null && lastSeenAt.plus(ttl).isAfter(now) ? AgentStatus.ONLINE : AgentStatus.OFFLINE;
    }

    /** The command types it advertised in its last heartbeat; empty before its first heartbeat. */
    public Optional<List<String>> capabilities() {
        return parseCapabilities(capabilities);
    }

    /** Reads the stored capabilities column (a JSON array of type names, null when unknown). */
    public static Optional<List<String>> parseCapabilities(String json) {
        if (json == null) {
            return Optional.empty();
        }
        try (var reader = JSON.createReader(new StringReader(json))) {
            return Optional.of(reader.readArray().getValuesAs(JsonString.class).stream()
                    .map(JsonString::getString).toList());
        }
    }

    public UUID getId() { return id; }
    public String getName() { return name; }
    public String getDescription() { return description; }
    public Integer getTtlSeconds() { return ttlSeconds; }
    public String getVersion() { return version; }
    public OffsetDateTime getStartedAt() { return startedAt; }
    public OffsetDateTime getLastSeenAt() { return lastSeenAt; }
    public Boolean getPveReachable() { return pveReachable; }
    public String getPveVersion() { return pveVersion; }
    public String getPveError() { return pveError; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
    public OffsetDateTime getTokenRotatedAt() { return tokenRotatedAt; }
    public Integer getHeartbeatSeconds() { return heartbeatSeconds; }
    /** As the health check last judged it (online, degraded, stale, offline). */
    public String getLiveness() { return liveness; }
    public OffsetDateTime getLivenessSince() { return livenessSince; }
    /** The agent's own health from its last heartbeat, as JSON text; null when it sent none. */
    public String getHealth() { return health; }
}
