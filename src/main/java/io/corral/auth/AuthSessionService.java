package io.corral.auth;

import io.corral.fleet.Agent;
import io.corral.fleet.AgentService;
import io.corral.platform.error.ConflictProblem;
import io.corral.platform.error.NotFoundProblem;
import io.corral.platform.error.ValidationProblem;
import io.corral.platform.rest.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Auth sessions for operators: start one (a browser VM cloned from the provider's template through
 * the command bus), read them, cancel one. The in-VM helper's reports are {@link AuthSessionHelperService};
 * following the VM's commands is {@link AuthSessionTracker}; ending sessions is {@link AuthSessionEnding}.
 */
@ApplicationScoped
public class AuthSessionService {
    static final int MAX_OPTIONS_BYTES = 4096;
    private static final Logger LOG = Logger.getLogger(AuthSessionService.class.getName());

    @Inject
    AuthSessionStore store;

    @Inject
    AuthSessionVms vms;

    @Inject
    AuthSessionTracker tracker;

    @Inject
    AuthSessionEnding ending;

    @Inject
    AuthSettings settings;

    @Inject
    AgentService agents;

    @Inject
    Clock clock;

    /** A new session and its helper token, which is shown this once and stored only as a hash. */
    public record Started(AuthSession session, String helperToken) {
    }

    /** A page of sessions and the cursor of the next one (null on the last page). */
    public record Page(List<AuthSession> items, UUID nextCursor) {
    }

    /**
     * Creates a session ({@code started}) and queues its VM's clone ({@code vm_creating}) in one
     * transaction: a clone that cannot be queued (agent offline, VMID range full) leaves nothing behind.
     *
     * @throws ValidationProblem naming {@code provider}, {@code agent} or {@code options}
     */
    @Transactional
    public Started start(StartSessionRequest r, String actor) {
        if (r == null) {
            throw new ValidationProblem("body", "a JSON object with provider is required");
        }
        AuthProvider provider = provider(r.provider());
        Agent agent = agent(r.agent() != null ? r.agent() : provider.agent(), r.agent() != null);
        String options = options(r.options());
        UUID id = UUID.randomUUID();
        String token = SessionTokens.newSecret();
        OffsetDateTime now = OffsetDateTime.now(clock);
        int vmid = vms.reserveVmid(agent.getId(), id);
        String name = ("auth-" + provider.name() + "-" + id.toString().substring(0, 8)).toLowerCase(Locale.ROOT);
        AuthSession s = store.insert(id, provider, SessionTokens.hash(token), agent.getId(), vmid, name,
                Boolean.TRUE.equals(r.preserveVm()), options, actor, now);
        UUID clone = vms.clone(s).id();
        store.cloneQueued(id, clone);
        AuthSession creating = store.transition(id, AuthSessionState.STARTED, AuthSessionState.VM_CREATING,
                "clone queued: command " + clone, now, actor).orElseThrow();
        LOG.info(() -> "Auth session started: id=" + id + " provider=" + provider.name() + " agent=" + agent.getName()
                + " vm=" + s.node() + "/" + vmid + " clone=" + clone + " by=" + actor);
        return new Started(creating, token);
    }

    /** The session as it is now; a VM whose commands finished meanwhile is caught up first. */
    @Transactional
    public AuthSession get(UUID id) {
        AuthSession s = store.find(id).orElseThrow(() -> new NotFoundProblem("Auth session", id));
        return tracker.catchUp(s);
    }

    public List<AuthSessionEvent> events(UUID id) {
        return store.events(id);
    }

    public Page list(AuthSessionState state, String provider, UUID cursor, int limit) {
        AuthSession after = cursor == null ? null : store.find(cursor)
                .orElseThrow(() -> new ValidationProblem("cursor", "no auth session " + cursor));
        List<AuthSession> items = store.list(state, provider, after, limit);
        return new Page(items, items.size() < limit ? null : items.get(items.size() - 1).id());
    }

    /** Sessions newest first, filtered ({@code null} for any), by position: the console's pages. */
    public List<AuthSession> page(AuthSessionState state, String provider, int offset, int limit) {
        return store.page(state, provider, offset, limit);
    }

    public int count(AuthSessionState state, String provider) {
        return store.count(state, provider);
    }

    /** The names of the configured providers ({@code CORRAL_AUTH_PROVIDERS}), in their order. */
    public List<String> providers() {
        return List.copyOf(settings.providers().all().keySet());
    }

    /**
     * Ends a live session as {@code failed} ("cancelled by …") and destroys its VM through the bus,
     * unless the session or {@code CORRAL_DEBUG_PRESERVE_VMS} keeps it.
     *
     * @throws ConflictProblem {@code INVALID_STATE} when the session has already ended
     */
    @Transactional
    public AuthSession cancel(UUID id, String actor) {
        AuthSession s = store.find(id).orElseThrow(() -> new NotFoundProblem("Auth session", id));
        return ending.end(s, AuthSessionState.FAILED, "cancelled by " + actor, settings.preserveVms(), actor)
                .orElseThrow(() -> new ConflictProblem("INVALID_STATE", "Auth session " + id + " is already "
                        + store.find(id).map(x -> x.state().value()).orElse("gone")));
    }

    /** The live sessions started at least the time limit before {@code now}: how many, and the oldest {@code limit}. */
    public record Stale(Duration timeout, long total, List<AuthSession> first) {
    }

    /** What the hourly cleanup would time out at {@code now} ({@code CORRAL_AUTH_SESSION_TIMEOUT_MINUTES}). */
    public Stale stale(Instant now, int limit) {
        Duration timeout = settings.timeout();
        OffsetDateTime cutoff = OffsetDateTime.ofInstant(now.minus(timeout), ZoneOffset.UTC).plusNanos(1000);
        return new Stale(timeout, store.countStale(cutoff), store.stale(cutoff, limit));
    }

    /**
     * Times out one session if it is still live and stale at {@code now}, in a transaction of its own,
     * and destroys its VM unless {@code preserveVms} (or the session) keeps it.
     *
     * @return the session after it timed out; empty when it was no longer live or stale
     */
    public Optional<AuthSession> timeOut(UUID id, Instant now, boolean preserveVms, String actor) {
        return ending.timeOut(id, now, settings.timeout(), preserveVms, actor);
    }

    private AuthProvider provider(String name) {
        if (name == null || name.isBlank()) {
            throw new ValidationProblem("provider", "is required");
        }
        return settings.providers().find(name).orElseThrow(() -> new ValidationProblem("provider",
                "no provider '" + name + "' is configured (CORRAL_AUTH_PROVIDERS); configured: "
                        + (settings.providers().all().isEmpty() ? "none"
                        : settings.providers().all().keySet().stream().collect(Collectors.joining(", ")))));
    }

    /** By name or id, without an exception that would doom the transaction. */
    private Agent agent(String nameOrId, boolean asked) {
        String field = asked ? "agent" : "provider";
        boolean byId = Ids.isUuid(nameOrId);
        return agents.list().stream()
                .filter(a -> byId ? a.getId().toString().equalsIgnoreCase(nameOrId) : a.getName().equals(nameOrId))
                .findFirst().orElseThrow(() -> new ValidationProblem(field, "no agent '" + nameOrId + "'"
                        + (asked ? "" : " (the provider's agent in CORRAL_AUTH_PROVIDERS)")));
    }

    private static String options(JsonObject options) {
        if (options == null) {
            return "{}";
        }
        String text = options.toString();
        if (text.getBytes(StandardCharsets.UTF_8).length > MAX_OPTIONS_BYTES) {
            throw new ValidationProblem("options", "must be at most " + MAX_OPTIONS_BYTES + " bytes as JSON");
        }
        return text;
    }
}
