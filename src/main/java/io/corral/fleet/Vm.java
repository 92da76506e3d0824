package io.corral.fleet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A guest (QEMU VM or LXC container) as its agent last reported it. */
@Entity
@Table(name = "vm")
public class Vm {
    @Id
    private UUID id;
    @Column(name = "agent_id")
    private UUID agentId;
    private String node;
    private int vmid;
    private String type;
    private String name;
    private String status;
    private boolean template;
    private String lock;
    private Double cpu;
    private Long mem;
    private Long maxmem;
    private Long maxdisk;
    private Long uptime;
    @Column(name = "first_seen_at")
    private OffsetDateTime firstSeenAt;
    @Column(name = "last_seen_at")
    private OffsetDateTime lastSeenAt;
    private String liveness;
    @Column(name = "liveness_since")
    private OffsetDateTime livenessSince;
    private String health;
    @Column(name = "last_heartbeat_at")
    private OffsetDateTime lastHeartbeatAt;
    @Column(name = "last_active_at")
    private OffsetDateTime lastActiveAt;
    @Column(name = "protected")
    private boolean protectedVm;
    @Column(name = "hibernate_policy")
    private String hibernatePolicy;
    @Column(name = "idle_limit_seconds")
    private Integer idleLimitSeconds;

    protected Vm() {
    }

    public UUID getId() { return id; }
    public UUID getAgentId() { return agentId; }
    public String getNode() { return node; }
    public int getVmid() { return vmid; }
    public String getType() { return type; }
    public String getName() { return name; }
    public String getStatus() { return status; }
    public boolean isTemplate() { return template; }
    public String getLock() { return lock; }
    public Double getCpu() { return cpu; }
    public Long getMem() { return mem; }
    public Long getMaxmem() { return maxmem; }
    public Long getMaxdisk() { return maxdisk; }
    public Long getUptime() { return uptime; }
    public OffsetDateTime getFirstSeenAt() { return firstSeenAt; }
    public OffsetDateTime getLastSeenAt() { return lastSeenAt; }
    public String getLiveness() { return liveness; }
    public OffsetDateTime getLivenessSince() { return livenessSince; }
    public String getHealth() { return health; }
    public OffsetDateTime getLastHeartbeatAt() { return lastHeartbeatAt; }
    public OffsetDateTime getLastActiveAt() { return lastActiveAt; }
    public boolean isProtected() { return protectedVm; }
    public String getHibernatePolicy() { return hibernatePolicy; }
    public Integer getIdleLimitSeconds() { return idleLimitSeconds; }
    /** Hibernated: stopped with its RAM saved to disk (Proxmox's {@code suspended} lock). */
    public boolean isHibernated() { return "suspended".equals(lock); }
}
