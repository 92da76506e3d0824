package io.corral.platform.security;

import io.corral.platform.error.NotFoundProblem;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

import java.util.List;
import java.util.UUID;
import java.util.logging.Logger;

/** Issues, lists and revokes API tokens. A token's secret is returned once, at issue. */
@Stateless
public class TokenService {
    private static final Logger LOG = Logger.getLogger(TokenService.class.getName());

    @PersistenceContext
    EntityManager em;

    @jakarta.inject.Inject
    CallerResolver callers;

    /** A new token; the returned secret is not stored anywhere and cannot be read again. */
    public IssuedToken issue(String name, Role role, Integer ratePerSecond, String issuedBy) {
        String secret = Tokens.newSecret(Tokens.API_PREFIX);
        ApiToken token = new ApiToken(name, role, Tokens.hash(secret), issuedBy);
        token.setRatePerSecond(ratePerSecond);
        em.persist(token);
        LOG.info(() -> "API token issued: id=" + token.getId() + " name=" + name + " role=" + role.value()
                + " by=" + issuedBy);
        return new IssuedToken(token, secret);
    }

    /** Makes sure a token with this secret exists (idempotent); used for the bootstrap token. */
    public void ensure(String secret, String name, Role role) {
        String hash = Tokens.hash(secret);
        long existing = em.createQuery("select count(t) from ApiToken t where t.tokenHash = :h", Long.class)
                .setParameter("h", hash).getSingleResult();
        if (existing == 0) {
            ApiToken token = new ApiToken(name, role, hash, "bootstrap");
            em.persist(token);
            LOG.info(() -> "Bootstrap API token registered: id=" + token.getId() + " name=" + name);
        }
    }

    public List<ApiToken> list() {
        return em.createQuery("select t from ApiToken t order by t.createdAt", ApiToken.class).getResultList();
    }

    public void revoke(UUID id, String revokedBy) {
        int updated = em.createNativeQuery("update api_token set revoked_at = now() where id = ? and revoked_at is null")
                .setParameter(1, id).executeUpdate();
        if (updated == 0 && em.find(ApiToken.class, id) == null) {
            throw new NotFoundProblem("Token", id);
        }
        callers.forget();
        LOG.info(() -> "API token revoked: id=" + id + " by=" + revokedBy);
    }

    public record IssuedToken(ApiToken token, String secret) {
    }
}
