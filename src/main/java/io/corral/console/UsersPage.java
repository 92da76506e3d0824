package io.corral.console;

import io.corral.platform.audit.AuditLog;
import io.corral.platform.error.ApiException;
import io.corral.platform.rest.Names;
import io.corral.platform.security.ApiToken;
import io.corral.platform.security.Role;
import io.corral.platform.security.TokenService;
import io.corral.platform.security.UserService;
import io.corral.platform.security.UserView;
import jakarta.annotation.PostConstruct;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.primefaces.PrimeFaces;

import java.io.Serializable;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Faces bean of {@code console/users.xhtml} (admins only): console users — create, change role, enable or
 * disable, set a password — and API tokens — issue (secret shown once), revoke. Every action is audited; for
 * anyone but an admin the page loads nothing.
 */
@Named
@ViewScoped
public class UsersPage implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    UserService users;

    @Inject
    TokenService tokens;

    @Inject
    ConsoleUser me;

    @Inject
    AuditLog audit;

    private boolean allowed;
    private transient List<UserView> userList;
    private transient List<ApiToken> tokenList;
    private final UserForm form = new UserForm();
    private String tokenName;
    private String tokenRole = "viewer";
    private Integer tokenRate;
    private String secretFor;
    private String secret;

    @PostConstruct
    void open() {
        // Refused in words on the page itself (no growl that would follow the user to the next page), and audited.
        allowed = me.isAdmin();
        if (!allowed) {
            audit.record(me.getName(), me.getRoleName(), "users.read", "user", null, AuditLog.DENIED, "needs role admin");
        }
    }

    public boolean isAllowed() {
        return allowed;
    }

    public List<UserView> getUsers() {
        if (userList == null) {
            userList = allowed && me.isAdmin() ? users.list() : List.of();
        }
        return userList;
    }

    public List<ApiToken> getTokens() {
        if (tokenList == null) {
            tokenList = allowed && me.isAdmin() ? tokens.list() : List.of();
        }
        return tokenList;
    }

    public void startCreate() {
        form.clear(null);
    }

    public void startEdit(UserView user) {
        form.clear(user);
    }

    public void create() {
        if (!me.may(Role.ADMIN, "user.create", "user", form.getUsername())) {
            return;
        }
        try {
            UserView user = users.create(form.getUsername(), form.getPassword(), Role.parse(form.getRole()), me.getName());
            me.did("user.create", "user", user.username(), "role " + user.role());
            ConsoleMessages.info("User created", user.username() + " can sign in now as " + user.role() + ".");
            PrimeFaces.current().ajax().addCallbackParam("saved", true);
        } catch (ApiException e) {
            me.failed("user.create", "user", form.getUsername(), e.getMessage());
            ConsoleMessages.error("User not created", e.getMessage());
        }
        form.setPassword(null);
        userList = null;
    }

    /** Saves what changed in the edit dialog: role, enabled, password. */
    public void save() {
        if (!me.may(Role.ADMIN, "user.update", "user", form.getUsername())) {
            return;
        }
        UserView before = users.find(form.getId()).orElse(null);
        if (before == null) {
            ConsoleMessages.error("User not changed", "This user no longer exists.");
            return;
        }
        Role role = Objects.equals(form.getRole(), before.role()) ? null : Role.parse(form.getRole());
        Boolean enabled = form.isEnabled() == before.enabled() ? null : form.isEnabled();
        String password = form.getPassword() == null || form.getPassword().isEmpty() ? null : form.getPassword();
        String detail = (role == null ? "" : "role " + role.value() + " ") + (enabled == null ? "" : "enabled " + enabled
                + " ") + (password == null ? "" : "password set");
        try {
            if (!detail.isEmpty()) {
                users.update(before.id(), role, enabled, password, me.getName());
                me.did("user.update", "user", before.username(), detail.strip());
            }
            ConsoleMessages.info("User saved", detail.isEmpty() ? "Nothing changed." : before.username() + ": "
                    + detail.strip() + ".");
            PrimeFaces.current().ajax().addCallbackParam("saved", true);
        } catch (ApiException e) {
            String why = "LAST_ADMIN".equals(e.code())
                    ? before.username() + " is the last enabled admin: make another user admin first, or nobody could "
                    + "manage users and agents any more."
                    : e.getMessage();
            me.failed("user.update", "user", before.username(), why);
            ConsoleMessages.error("User not changed", why);
        }
        form.setPassword(null);
        userList = null;
    }

    public void startIssue() {
        tokenName = null;
        tokenRole = "viewer";
        tokenRate = null;
    }

    public void issue() {
        if (!me.may(Role.ADMIN, "token.issue", "token", tokenName)) {
            return;
        }
        try {
            Names.require("name", tokenName);
            Role role = Role.parse(tokenRole);
            if (role == null) {
                throw new io.corral.platform.error.ValidationProblem("role", "must be one of admin, operator, viewer");
            }
            TokenService.IssuedToken issued = tokens.issue(tokenName, role, tokenRate, me.getName());
            me.did("token.issue", "token", tokenName, "role " + role.value() + " id " + issued.token().getId());
            secretFor = tokenName;
            secret = issued.secret();
            PrimeFaces.current().ajax().addCallbackParam("token", true);
        } catch (ApiException e) {
            me.failed("token.issue", "token", tokenName, e.getMessage());
            ConsoleMessages.error("Token not issued", e.getMessage());
        }
        tokenList = null;
    }

    public void revoke(UUID id, String name) {
        if (!me.may(Role.ADMIN, "token.revoke", "token", name)) {
            return;
        }
        try {
            tokens.revoke(id, me.getName());
            me.did("token.revoke", "token", name, "id " + id);
            ConsoleMessages.info("Token revoked", name + " no longer works; calls with it get 401.");
        } catch (ApiException e) {
            me.failed("token.revoke", "token", name, e.getMessage());
            ConsoleMessages.error("Token not revoked", e.getMessage());
        }
        tokenList = null;
    }

    /** The secret dialog was closed: the secret leaves the view for good. */
    public void closeSecret() {
        secret = null;
        secretFor = null;
    }

    public UserForm getForm() { return form; }
    public int getMinPassword() { return UserService.MIN_PASSWORD; }
    public String getTokenName() { return tokenName; }
    public void setTokenName(String tokenName) { this.tokenName = tokenName; }
    public String getTokenRole() { return tokenRole; }
    public void setTokenRole(String tokenRole) { this.tokenRole = tokenRole; }
    public Integer getTokenRate() { return tokenRate; }
    public void setTokenRate(Integer tokenRate) { this.tokenRate = tokenRate; }
    public String getSecretFor() { return secretFor; }
    public String getSecret() { return secret; }
}
