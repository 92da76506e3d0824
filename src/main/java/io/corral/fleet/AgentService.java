package io.corral.fleet;

import io.corral.platform.error.ConflictProblem;
import io.corral.platform.error.NotFoundProblem;
import io.corral.platform.security.Tokens;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/** Registers agents, issues and rotates their tokens, and records their heartbeats. */
@Stateless
public class AgentService {
    private static final Logger LOG = Logger.getLogger(AgentService.class.getName());

    @PersistenceContext
    EntityManager em;

    @Inject
    HeartbeatWriter writer;

    @Inject
    io.corral.platform.security.CallerResolver callers;

    @Inject
    AgentDirectory directory;

    /** Registers an agent; the returned secret is shown once and stored only as a hash. */
    public Registered register(String name, String description, Integer ttlSeconds, String by) {
        long taken = em.createQuery("select count(a) from Agent a where a.name = :n", Long.class)
                .setParameter("n", name).getSingleResult();
        if (taken > 0) {
            throw new ConflictProblem("AGENT_EXISTS", "An agent named " + name + " already exists");
        }
        String secret = Tokens.newSecret(Tokens.AGENT_PREFIX);
        Agent agent = new Agent(name, description, ttlSeconds, Tokens.hash(secret));
        em.persist(agent);
        LOG.info(() -> "Agent registered: id=" + agent.getId() + " name=" + name + " by=" + by);
        return new Registered(agent, secret);
    }

    /** Replaces the agent's token; the old one stops working at once. */
    public Registered rotateToken(UUID id, String by) {
        Agent agent = find(id);
        String secret = Tokens.newSecret(Tokens.AGENT_PREFIX);
        em.createNativeQuery("update agent set token_hash = ?, token_rotated_at = now() where id = ?")
                .setParameter(1, Tokens.hash(secret)).setParameter(2, id).executeUpdate();
        callers.forget();
        LOG.info(() -> "Agent token rotated: id=" + id + " by=" + by);
        return new Registered(agent, secret);
    }

    /**
     * Removes the agent: its token stops working at once, and its inventory (nodes, VMs), SSH targets, VMID
     * reservations, clone runs and commands (queued ones included, with their history) go with it. Refused
     * with {@code AGENT_IN_USE} while auth sessions refer to it (end them first).
     */
    public void delete(UUID id, String by) {
        Agent agent = find(id);
        Number sessions = (Number) em.createNativeQuery("select count(*) from auth_session where agent_id = ?")
                .setParameter(1, id).getSingleResult();
        if (sessions.longValue() > 0) {
            throw new ConflictProblem("AGENT_IN_USE", "Agent " + agent.getName() + " has " + sessions
                    + " auth session(s); end and clean them up before deleting it");
        }
        em.createNativeQuery("delete from agent where id = ?").setParameter(1, id).executeUpdate();
        callers.forget();
        directory.forget(id);
        LOG.info(() -> "Agent deleted: id=" + id + " name=" + agent.getName() + " by=" + by);
    }

    public Agent find(UUID id) {
        Agent agent = em.find(Agent.class, id);
        if (agent == null) {
            throw new NotFoundProblem("Agent", id);
        }
        return agent;
    }

    public Agent findByName(String name) {
        return em.createQuery("select a from Agent a where a.name = :n", Agent.class)
                .setParameter("n", name).getResultStream().findFirst()
                .orElseThrow(() -> new NotFoundProblem("Agent", name));
    }

    public List<Agent> list() {
        return em.createQuery("select a from Agent a order by a.name", Agent.class).getResultList();
    }

    /** Records a heartbeat: the agent's sign of life, its self-description and its inventory. */
    public void heartbeat(UUID agentId, HeartbeatReport report) {
        HeartbeatRules.check(report);
        OffsetDateTime now = OffsetDateTime.now().truncatedTo(ChronoUnit.MICROS);
        writer.touch(agentId, report, HeartbeatRules.capabilitiesJson(report), HeartbeatRules.healthJson(report), now);
        directory.heard(agentId, report.capabilities());
        if (report.hasInventory()) {
            int gone = writer.replaceInventory(agentId, report.nodes(), report.guests(), now);
            if (gone > 0) {
                LOG.info(() -> "Agent " + agentId + " no longer reports " + gone + " guest(s)");
            }
        }
    }

    public record Registered(Agent agent, String secret) {
    }
}
