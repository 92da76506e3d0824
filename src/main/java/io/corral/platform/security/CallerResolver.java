package io.corral.platform.security;

import io.corral.platform.db.Jdbc;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.transaction.Status;
import jakarta.transaction.Synchronization;
import jakarta.transaction.TransactionSynchronizationRegistry;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.Optional;
import java.util.UUID;

/**
 * Turns a bearer secret into the API token, agent or guest (VM) helper it belongs to. Known tokens are cached
 * for {@link #CACHE_MILLIS} so hot paths (agent polls, results) do not read the token tables on every request;
 * unknown ones for {@code CORRAL_TOKEN_MISS_CACHE_SECONDS}, so a repeated guess costs no query. Revocation and
 * rotation drop the known tokens on this instance once their transaction has committed (before, a lookup
 * could still read the old row and cache it again); other instances follow within {@link #CACHE_MILLIS}.
 */
@ApplicationScoped
public class CallerResolver {
    static final long CACHE_MILLIS = 2000;

    private static final String LOOKUP = """
            select 'API_TOKEN', id, name, role, rate_per_second from api_token
             where token_hash = ? and revoked_at is null
            union all
            select 'AGENT', id, name, null, null from agent where token_hash = ?
            union all
            select 'VM', vm_id, 'vm:' || vm_id, null, null from vm_token where token_hash = ?
            """;
    // Written at most once a minute per token, so reads do not turn into a write storm.
    private static final String TOUCH = """
            update api_token set last_used_at = now()
             where id = ? and (last_used_at is null or last_used_at < now() - interval '1 minute')
            """;

    @Inject
    Jdbc jdbc;

    @Resource
    TransactionSynchronizationRegistry transactions;

    @Inject
    @ConfigProperty(name = "CORRAL_TOKEN_MISS_CACHE_SECONDS", defaultValue = "30")
    int missCacheSeconds;

    private TokenCache cache;

    @PostConstruct
    void init() {
        cache = new TokenCache(CACHE_MILLIS, Math.max(0, missCacheSeconds) * 1000L, 100_000);
    }

    public Optional<Caller> resolve(String secret) {
        return resolveHash(Tokens.hash(secret));
    }

    /** Like {@link #resolve}, for a caller that hashed the secret already. */
    public Optional<Caller> resolveHash(String hash) {
        return cache.resolve(hash, System.currentTimeMillis(), this::lookup);
    }

    /** The caller if this hash is a known token in the cache (no query); empty otherwise. */
    Optional<Caller> cached(String hash) {
        return cache.known(hash, System.currentTimeMillis());
    }

    /** Whether this hash was looked up and not found a moment ago (asking again costs no query). */
    boolean missedRecently(String hash) {
        return cache.missed(hash, System.currentTimeMillis());
    }

    /**
     * Forgets every cached token after a token was revoked or rotated: when the caller's transaction has
     * committed (at once when there is none), so no lookup can cache the row as it was before.
     */
    public void forget() {
        cache.forget();
        if (transactions != null && transactions.getTransactionStatus() == Status.STATUS_ACTIVE) {
            transactions.registerInterposedSynchronization(new Synchronization() {
                @Override
                public void beforeCompletion() {
                }

                @Override
                public void afterCompletion(int status) {
                    cache.forget();
                }
            });
        }
    }

    private Optional<Caller> lookup(String hash) {
        Optional<Caller> caller = jdbc.one(LOOKUP, rs -> new Caller(Caller.Kind.valueOf(rs.getString(1)),
                rs.getObject(2, UUID.class), rs.getString(3), Role.parse(rs.getString(4)),
                rs.getObject(5, Integer.class)), hash, hash, hash);
        caller.filter(c -> c.kind() == Caller.Kind.API_TOKEN).ifPresent(c -> jdbc.update(TOUCH, c.id()));
        return caller;
    }
}
