package io.corral.fleet;

import io.corral.platform.error.ConflictProblem;
import io.corral.platform.error.NotFoundProblem;
import io.corral.platform.error.ValidationProblem;
import io.corral.platform.rest.Names;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.regex.Pattern;

/** SSH targets per agent: registered by admins, validated (no SSRF, pinned host key), versioned for sync. */
@Stateless
public class TargetService {
    private static final Logger LOG = Logger.getLogger(TargetService.class.getName());
    private static final Pattern USER = Pattern.compile("[a-z_][a-z0-9_.-]{0,31}");
    private static final Pattern KEY_REF = Pattern.compile("[A-Za-z0-9._-]{1,100}");
    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9.:%-]{1,255}");
    private static final Pattern HOST_KEY = Pattern.compile(
            "(ssh-ed25519|ecdsa-sha2-nistp(256|384|521)|ssh-rsa|rsa-sha2-256|rsa-sha2-512) ([A-Za-z0-9+/]+=*)( \\S.*)?");

    @PersistenceContext
    EntityManager em;

    @Inject
    AgentService agents;

    @Inject
    FleetSettings settings;

    public SshTarget add(UUID agentId, TargetRequest r, String by) {
        agents.find(agentId);
        validate(r);
        TargetAddressGuard.check(r.host(), settings.targetsAllowLoopback());
        long taken = em.createQuery("select count(t) from SshTarget t where t.agentId = :a and t.name = :n", Long.class)
                .setParameter("a", agentId).setParameter("n", r.name()).getSingleResult();
        if (taken > 0) {
            throw new ConflictProblem("TARGET_EXISTS", "Agent " + agentId + " already has a target named " + r.name());
        }
        SshTarget target = new SshTarget(agentId, r, by);
        em.persist(target);
        bumpVersion(agentId);
        LOG.info(() -> "SSH target added: agent=" + agentId + " name=" + r.name() + " host=" + r.host() + " by=" + by);
        return target;
    }

    public void remove(UUID agentId, String name, String by) {
        int removed = em.createQuery("delete from SshTarget t where t.agentId = :a and t.name = :n")
                .setParameter("a", agentId).setParameter("n", name).executeUpdate();
        if (removed == 0) {
            throw new NotFoundProblem("Target", name);
        }
        bumpVersion(agentId);
        LOG.info(() -> "SSH target removed: agent=" + agentId + " name=" + name + " by=" + by);
    }

    public List<SshTarget> list(UUID agentId) {
        agents.find(agentId);
        return em.createQuery("select t from SshTarget t where t.agentId = :a order by t.name", SshTarget.class)
                .setParameter("a", agentId).getResultList();
    }

    public long version(UUID agentId) {
        Object v = em.createNativeQuery("select targets_version from agent where id = ?").setParameter(1, agentId)
                .getSingleResult();
        return ((Number) v).longValue();
    }

    private void bumpVersion(UUID agentId) {
        em.createNativeQuery("update agent set targets_version = targets_version + 1 where id = ?")
                .setParameter(1, agentId).executeUpdate();
    }

    static void validate(TargetRequest r) {
        if (r == null) {
            throw new ValidationProblem("body", "a JSON object is required");
        }
        Names.require("name", r.name());
        if (r.host() == null || !HOST.matcher(r.host()).matches()) {
            throw new ValidationProblem("host", "a host name or IP address is required");
        }
        if (r.port() != null && (r.port() < 1 || r.port() > 65535)) {
            throw new ValidationProblem("port", "must be 1-65535");
        }
        if (r.user() == null || !USER.matcher(r.user()).matches()) {
            throw new ValidationProblem("user", "a POSIX user name is required");
        }
        if (r.keyRef() == null || !KEY_REF.matcher(r.keyRef()).matches()) {
            throw new ValidationProblem("keyRef", "the name of a key file on the agent (letters, digits, . _ -); "
                    + "never key material");
        }
        var key = r.hostKey() == null ? null : HOST_KEY.matcher(r.hostKey().trim());
        if (key == null || !key.matches() || !decodes(key.group(3))) {
            throw new ValidationProblem("hostKey", "the pinned host key as '<type> <base64>', e.g. from ssh-keyscan");
        }
        if (r.vmid() != null && (r.vmid() < 100 || r.vmid() > 999_999_999)) {
            throw new ValidationProblem("vmid", "must be a Proxmox VMID (100-999999999)");
        }
    }

    private static boolean decodes(String base64) {
        try {
            return Base64.getDecoder().decode(base64).length > 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
