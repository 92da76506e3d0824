package io.corral.fleet;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Reads the guest inventory. */
@Stateless
public class VmService {
    @PersistenceContext
    EntityManager em;

    public List<Vm> list(VmQuery q) {
        StringBuilder jpql = new StringBuilder("select v from Vm v where 1 = 1");
        if (q.agentId() != null) {
            jpql.append(" and v.agentId = :agent");
        }
        if (q.node() != null) {
            jpql.append(" and v.node = :node");
        }
        if (q.status() != null) {
            jpql.append(" and v.status = :status");
        }
        if (q.template() != null) {
            jpql.append(" and v.template = :template");
        }
        if (q.type() != null) {
            jpql.append(" and v.type = :type");
        }
        jpql.append(" order by v.vmid");
        TypedQuery<Vm> query = em.createQuery(jpql.toString(), Vm.class);
        if (q.agentId() != null) {
            query.setParameter("agent", q.agentId());
        }
        if (q.node() != null) {
            query.setParameter("node", q.node());
        }
        if (q.status() != null) {
            query.setParameter("status", q.status());
        }
        if (q.template() != null) {
            query.setParameter("template", q.template());
        }
        if (q.type() != null) {
            query.setParameter("type", q.type());
        }
        return query.getResultList();
    }

    /** The guest an agent reports at this node and VMID, if any. */
    public Optional<Vm> find(UUID agentId, String node, int vmid) {
        return em.createQuery("select v from Vm v where v.agentId = :a and v.node = :n and v.vmid = :id", Vm.class)
                .setParameter("a", agentId).setParameter("n", node).setParameter("id", vmid)
                .getResultStream().findFirst();
    }

    public Optional<Vm> find(UUID id) {
        return Optional.ofNullable(em.find(Vm.class, id));
    }

    /** Which of these names guests of this agent already carry. */
    public List<String> namesTaken(UUID agentId, Collection<String> names) {
        if (names.isEmpty()) {
            return List.of();
        }
        return em.createQuery("select v.name from Vm v where v.agentId = :a and v.name in :names", String.class)
                .setParameter("a", agentId).setParameter("names", names).getResultList();
    }
}
