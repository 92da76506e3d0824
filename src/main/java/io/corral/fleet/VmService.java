package io.corral.fleet;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;

import java.util.Collection;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Reads the guest inventory. */
@Stateless
public class VmService {
    /** The columns the VM list may be sorted by, by the name the console uses. */
    private static final Map<String, String> SORTS = Map.of("name", "v.name", "vmid", "v.vmid", "node", "v.node",
            "status", "v.status", "liveness", "v.liveness", "health", "v.health", "lastActiveAt", "v.lastActiveAt");

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

    /**
     * One page of the guests matching {@code s}, sorted by {@code sortBy} (a key of the list's sortable
     * columns; anything else sorts by VMID), then by VMID and id so pages never overlap.
     */
    public List<Vm> search(VmSearch s, int first, int max, String sortBy, boolean ascending) {
        List<Object[]> params = new ArrayList<>();
        String where = where(s, params);
        String order = SORTS.getOrDefault(sortBy, "v.vmid") + (ascending ? " asc" : " desc");
        TypedQuery<Vm> query = em.createQuery("select v from Vm v" + where + " order by " + order
                + ", v.vmid, v.id", Vm.class).setFirstResult(first).setMaxResults(max);
        params.forEach(p -> query.setParameter((String) p[0], p[1]));
        return query.getResultList();
    }

    /** How many guests match {@code s}. */
    public long count(VmSearch s) {
        List<Object[]> params = new ArrayList<>();
        TypedQuery<Long> query = em.createQuery("select count(v) from Vm v" + where(s, params), Long.class);
        params.forEach(p -> query.setParameter((String) p[0], p[1]));
        return query.getSingleResult();
    }

    /** The nodes guests are reported on, by name. */
    public List<String> nodes() {
        return em.createQuery("select distinct v.node from Vm v order by v.node", String.class).getResultList();
    }

    private static String where(VmSearch s, List<Object[]> params) {
        StringBuilder jpql = new StringBuilder(" where 1 = 1");
        condition(jpql, params, "v.agentId = :agent", "agent", s.agentId());
        condition(jpql, params, "v.node = :node", "node", s.node());
        condition(jpql, params, "v.status = :status", "status", s.status());
        condition(jpql, params, "v.liveness = :liveness", "liveness", s.liveness());
        condition(jpql, params, "v.template = :template", "template", s.template());
        condition(jpql, params, "v.protectedVm = :protected", "protected", s.protectedVm());
        String text = s.text() == null ? "" : s.text().trim();
        if (!text.isEmpty()) {
            String like = "%" + text.toLowerCase(Locale.ROOT).replace("\\", "\\\\").replace("%", "\\%")
                    .replace("_", "\\_") + "%";
            params.add(new Object[] {"text", like});
            if (text.matches("\\d{1,9}")) {
                jpql.append(" and (lower(v.name) like :text escape '\\' or v.vmid = :vmid)");
                params.add(new Object[] {"vmid", Integer.parseInt(text)});
            } else {
                jpql.append(" and lower(v.name) like :text escape '\\'");
            }
        }
        return jpql.toString();
    }

    private static void condition(StringBuilder jpql, List<Object[]> params, String clause, String name, Object value) {
        if (value != null) {
            jpql.append(" and ").append(clause);
            params.add(new Object[] {name, value});
        }
    }
}
