package io.corral.platform.security;

import io.corral.platform.error.ConflictProblem;
import io.corral.platform.error.NotFoundProblem;
import io.corral.platform.error.ValidationProblem;
import io.corral.platform.db.Jdbc;
import io.corral.platform.rest.Names;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Console users: create, list, change role, enable or disable, set a password. Passwords follow
 * {@link PasswordPolicy} and are stored as PBKDF2 hashes. The last enabled admin cannot be
 * demoted or disabled, so the console never locks its admins out.
 */
@ApplicationScoped
public class UserService {
    private static final Logger LOG = Logger.getLogger(UserService.class.getName());
    public static final int MIN_PASSWORD = PasswordPolicy.MIN_LENGTH;
    private static final String COLUMNS = "id, username, role, enabled, created_at";

    @Inject
    Jdbc jdbc;

    @Inject
    Passwords passwords;

    public UserView create(String username, String password, Role role, String actor) {
        Names.require("username", username);
        requireRole(role);
        PasswordPolicy.check(username, password);
        String hash = passwords.hash(password.toCharArray());
        UUID id = UUID.randomUUID();
        int inserted = jdbc.update("insert into app_user (id, username, password_hash, role, enabled, created_at) "
                + "values (?, ?, ?, ?, true, now()) on conflict (username) do nothing", id, username, hash, role.value());
        if (inserted == 0) {
            throw new ConflictProblem("USER_EXISTS", "A user named " + username + " exists already");
        }
        LOG.info(() -> "Console user created: " + username + " role=" + role.value() + " by=" + actor);
        return get(id);
    }

    public List<UserView> list() {
        return jdbc.query("select " + COLUMNS + " from app_user order by username", rs -> new UserView(
                rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                rs.getObject(5, OffsetDateTime.class)));
    }

    public UserView get(UUID id) {
        return find(id).orElseThrow(() -> new NotFoundProblem("User", id));
    }

    public Optional<UserView> find(UUID id) {
        return jdbc.one("select " + COLUMNS + " from app_user where id = ?", rs -> new UserView(
                rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                rs.getObject(5, OffsetDateTime.class)), id);
    }

    /** Changes what is given (null: unchanged). */
    public UserView update(UUID id, Role role, Boolean enabled, String password, String actor) {
        UserView user = get(id);
        if (password != null) {
            PasswordPolicy.check(user.username(), password);
            jdbc.update("update app_user set password_hash = ? where id = ?", passwords.hash(password.toCharArray()), id);
        }
        boolean demotes = (role != null && role != Role.ADMIN) || Boolean.FALSE.equals(enabled);
        if (demotes && "admin".equals(user.role())) {
            // One statement: refused when no other enabled admin would remain.
            int changed = jdbc.update("update app_user set role = coalesce(?, role), enabled = coalesce(?, enabled) "
                    + "where id = ? and exists (select 1 from app_user o where o.id <> ? and o.role = 'admin' "
                    + "and o.enabled)", role == null ? null : role.value(), enabled, id, id);
            if (changed == 0) {
                throw new ConflictProblem("LAST_ADMIN", "This is the last enabled admin; make another admin first");
            }
        } else if (role != null || enabled != null) {
            jdbc.update("update app_user set role = coalesce(?, role), enabled = coalesce(?, enabled) where id = ?",
                    role == null ? null : role.value(), enabled, id);
        }
        LOG.info(() -> "Console user changed: " + user.username() + (role == null ? "" : " role=" + role.value())
                + (enabled == null ? "" : " enabled=" + enabled) + (password == null ? "" : " password set")
                + " by=" + actor);
        return get(id);
    }

    private static void requireRole(Role role) {
        if (role == null) {
            throw new ValidationProblem("role", "must be one of admin, operator, viewer");
        }
    }
}
