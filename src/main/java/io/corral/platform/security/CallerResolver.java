package io.corral.platform.security;

import io.corral.platform.db.Jdbc;
import jakarta.inject.Inject;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Turns a bearer secret into the API token, agent or guest (VM helper) it belongs to. Answers are cached for
 * {@link #CACHE_MILLIS} so hot paths (agent polls, results) do not read the token tables on
 * every request; revocation and rotation drop the cache entry on this instance at once, other
 * instances follow within that time.
 */
@ApplicationScoped
public class CallerResolver {
    static final long CACHE_MILLIS = 2000;
    private final ConcurrentHashMap<String, Cached> cache = new ConcurrentHashMap<>();

    private record Cached(Optional<Caller> caller, long until) {
    }

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


    public Optional<Caller> resolve(String secret) {
        return resolveHash(Tokens.hash(secret));
    }

    /** Like {@link #resolve}, for a caller that hashed the secret already. */
    public Optional<Caller> resolveHash(String hash) {
        long now = System.currentTimeMillis();
        Cached hit = cache.get(hash);
        if (hit != null && hit.until() > now) {
            return hit.caller();
        }
        Optional<Caller> caller = lookup(hash);
        if (cache.size() > 100_000) {
            cache.clear();
        }
        cache.put(hash, new Cached(caller, now + CACHE_MILLIS));
        return caller;
    }

    /** Forgets every cached answer (after a token was revoked or rotated). */
    public void forget() {
        cache.clear();
    }

    private Optional<Caller> lookup(String hash) {
        Optional<Caller> caller = jdbc.one(LOOKUP, rs -> new Caller(Caller.Kind.valueOf(rs.getString(1)),
                rs.getObject(2, UUID.class), rs.getString(3), Role.parse(rs.getString(4)),
                rs.getObject(5, Integer.class)), hash, hash, hash);
        caller.filter(c -> c.kind() == Caller.Kind.API_TOKEN).ifPresent(c -> jdbc.update(TOUCH, c.id()));
        return caller;
    }
}
