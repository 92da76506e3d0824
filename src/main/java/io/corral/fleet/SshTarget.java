package io.corral.fleet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A host an agent may reach over SSH: pinned host key, and a reference to a key the agent holds. */
@Entity
@Table(name = "ssh_target")
public class SshTarget {
    @Id
    private UUID id;
    @Column(name = "agent_id")
    private UUID agentId;
    private String name;
    private String host;
    private int port;
    private String username;
    @Column(name = "key_ref")
    private String keyRef;
    @Column(name = "host_key")
    private String hostKey;
    private String node;
    private Integer vmid;
    @Column(name = "created_by")
    private String createdBy;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;

    protected SshTarget() {
    }

    public SshTarget(UUID agentId, TargetRequest r, String createdBy) {
        this.id = UUID.randomUUID();
        this.agentId = agentId;
        this.name = r.name();
        this.host = r.host();
        this.port = r.port() == null ? 22 : r.port();
        this.username = r.user();
        this.keyRef = r.keyRef();
        this.hostKey = r.hostKey();
        this.node = r.node();
        this.vmid = r.vmid();
        this.createdBy = createdBy;
        this.createdAt = OffsetDateTime.now();
    }

    public UUID getId() { return id; }
    public UUID getAgentId() { return agentId; }
    public String getName() { return name; }
    public String getHost() { return host; }
    public int getPort() { return port; }
    public String getUsername() { return username; }
    public String getKeyRef() { return keyRef; }
    public String getHostKey() { return hostKey; }
    public String getNode() { return node; }
    public Integer getVmid() { return vmid; }
    public String getCreatedBy() { return createdBy; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
}
