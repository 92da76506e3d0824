package io.corral.platform.security;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.UUID;

/** A person who signs in to the console; the password is stored as a PBKDF2 hash. */
@Entity
@Table(name = "app_user")
public class AppUser {
    @Id
    private UUID id;
    private String username;
    @Column(name = "password_hash")
    private String passwordHash;
    private String role;
    private boolean enabled;
    @Column(name = "created_at")
    private OffsetDateTime createdAt;

    protected AppUser() {
    }

    public AppUser(String username, String passwordHash, Role role) {
        this.id = UUID.randomUUID();
        this.username = username;
        this.passwordHash = passwordHash;
        this.role = role.value();
        this.enabled = true;
        this.createdAt = OffsetDateTime.now();
    }

    public UUID getId() { return id; }
    public String getUsername() { return username; }
    public Role getRole() { return Role.parse(role); }
    public boolean isEnabled() { return enabled; }
    public OffsetDateTime getCreatedAt() { return createdAt; }
}
