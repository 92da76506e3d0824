package io.corral.fleet;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;
import java.util.UUID;

/** A Proxmox node as its agent last reported it. */
@Entity
@Table(name = "node")
@IdClass(Node.Key.class)
public class Node {
    @Id
    @Column(name = "agent_id")
    private UUID agentId;
    @Id
    private String name;
    private String status;
    private Double cpu;
    private Integer maxcpu;
    private Long mem;
    private Long maxmem;
    private Long uptime;
    @Column(name = "updated_at")
    private OffsetDateTime updatedAt;

    protected Node() {
    }

    public UUID getAgentId() { return agentId; }
    public String getName() { return name; }
    public String getStatus() { return status; }
    public Double getCpu() { return cpu; }
    public Integer getMaxcpu() { return maxcpu; }
    public Long getMem() { return mem; }
    public Long getMaxmem() { return maxmem; }
    public Long getUptime() { return uptime; }
    public OffsetDateTime getUpdatedAt() { return updatedAt; }

    public static class Key implements Serializable {
        private UUID agentId;
        private String name;

        public Key() {
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && Objects.equals(agentId, k.agentId) && Objects.equals(name, k.name);
        }

        @Override
        public int hashCode() {
            return Objects.hash(agentId, name);
        }
    }
}
