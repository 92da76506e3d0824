package io.corral.fleet;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

import java.util.List;

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
}
