package io.corral.console;

import io.corral.platform.security.UserView;

import java.io.Serializable;
import java.util.UUID;

/** The fields of the console's create-user and edit-user dialogs. */
public class UserForm implements Serializable {
    private static final long serialVersionUID = 1L;

    private UUID id;
    private String username;
    private String password;
    private String role = "viewer";
    private boolean enabled = true;

    void clear(UserView user) {
        id = user == null ? null : user.id();
        username = user == null ? null : user.username();
        role = user == null ? "viewer" : user.role();
        enabled = user == null || user.enabled();
        password = null;
    }

    public UUID getId() { return id; }
    public String getUsername() { return username; }
    public void setUsername(String username) { this.username = username; }
    public String getPassword() { return password; }
    public void setPassword(String password) { this.password = password; }
    public String getRole() { return role; }
    public void setRole(String role) { this.role = role; }
    public boolean isEnabled() { return enabled; }
    public void setEnabled(boolean enabled) { this.enabled = enabled; }
}
