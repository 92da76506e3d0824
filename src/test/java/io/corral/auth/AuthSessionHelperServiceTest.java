package io.corral.auth;

import io.corral.platform.error.ApiException;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The helper's side of the state machine: its token, the order of its reports, one store only. */
class AuthSessionHelperServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
    private static final JsonObject CREDENTIALS = Json.createObjectBuilder().add("token", "s3cret").build();

    private final MemorySessionStore store = new MemorySessionStore();
    private final List<String> vaulted = new ArrayList<>();
    private AuthSessionHelperService helper;

    @BeforeEach
    void wire() {
        helper = new AuthSessionHelperService();
        helper.store = store;
        helper.clock = Clock.fixed(NOW, ZoneOffset.UTC);
        helper.tokens = new SessionTokens();
        helper.tokens.store = store;
        helper.tracker = new AuthSessionTracker() {
            @Override
            AuthSession catchUp(AuthSession s) {
                return s;
            }
        };
        helper.vault = new CredentialService() {
            @Override
            public Credential store(String provider, UUID sessionId, JsonObject credentials, String actor) {
                vaulted.add(provider + "/" + sessionId);
                return new Credential(UUID.randomUUID(), provider, sessionId, null, CredentialStatus.UNKNOWN, null,
                        null, 1, OffsetDateTime.now(), actor, null, null, null);
            }
        };
    }

    private AuthSession session(AuthSessionState state, String token) {
        return store.put(state, OffsetDateTime.ofInstant(NOW, ZoneOffset.UTC), false, token);
    }

    private static SessionCredentialsRequest body(AuthSession s) {
        return new SessionCredentialsRequest(s.id(), s.provider(), CREDENTIALS);
    }

    @Test
    void readyAuthenticatingThenOneStoreCompletes() {
        AuthSession s = session(AuthSessionState.VM_CREATED, "cas_one");

        assertThat(helper.ready(s.id(), "Bearer cas_one").state()).isEqualTo(AuthSessionState.READY);
        assertThat(helper.ready(s.id(), "Bearer cas_one").state()).isEqualTo(AuthSessionState.READY);
        assertThat(helper.authenticating(s.id(), "bearer cas_one").state()).isEqualTo(AuthSessionState.AUTHENTICATING);
        AuthSession done = helper.store(body(s), "Bearer cas_one");

        assertThat(done.state()).isEqualTo(AuthSessionState.COMPLETED);
        assertThat(done.credentialId()).isNotNull();
        assertThat(vaulted).containsExactly("github/" + s.id());
        assertThat(store.events).extracting(AuthSessionEvent::to).containsExactly("ready", "authenticating",
                "completed");
        assertThatThrownBy(() -> helper.store(body(s), "Bearer cas_one")).isInstanceOf(ApiException.class)
                .hasMessageContaining("is completed").extracting("code").isEqualTo("INVALID_STATE");
        assertThat(vaulted).hasSize(1);
    }

    @Test
    void aStoreStraightFromReadyIsAccepted() {
        AuthSession s = session(AuthSessionState.READY, "cas_r");
        assertThat(helper.store(body(s), "Bearer cas_r").state()).isEqualTo(AuthSessionState.COMPLETED);
    }

    @Test
    void reportsOutOfOrderAreRefusedAndStoreNothing() {
        AuthSession creating = session(AuthSessionState.VM_CREATING, "cas_c");
        AuthSession created = session(AuthSessionState.VM_CREATED, "cas_d");

        assertThatThrownBy(() -> helper.ready(creating.id(), "Bearer cas_c")).extracting("code")
                .isEqualTo("INVALID_STATE");
        assertThatThrownBy(() -> helper.authenticating(created.id(), "Bearer cas_d"))
                .hasMessageContaining("authenticating is accepted in ready");
        assertThatThrownBy(() -> helper.store(body(created), "Bearer cas_d"))
                .hasMessageContaining("accepted in ready or authenticating");
        assertThat(vaulted).isEmpty();
    }

    @Test
    void onlyTheSessionsOwnTokenOpensIt() {
        AuthSession a = session(AuthSessionState.READY, "cas_a");
        session(AuthSessionState.READY, "cas_b");

        assertThatThrownBy(() -> helper.store(body(a), null)).extracting("status").isEqualTo(401);
        assertThatThrownBy(() -> helper.store(body(a), "Bearer cpt_api-token")).extracting("status").isEqualTo(401);
        assertThatThrownBy(() -> helper.store(body(a), "Bearer cas_b")).extracting("status").isEqualTo(403);
        assertThatThrownBy(() -> helper.ready(UUID.randomUUID(), "Bearer cas_a")).extracting("status").isEqualTo(403);
        assertThat(vaulted).isEmpty();
        assertThat(store.rows.get(a.id()).state()).isEqualTo(AuthSessionState.READY);
    }

    @Test
    void badBodiesNameTheFieldBeforeAnyTokenCheck() {
        AuthSession s = session(AuthSessionState.READY, "cas_x");
        assertThatThrownBy(() -> helper.store(new SessionCredentialsRequest(null, "github", CREDENTIALS), "Bearer cas_x"))
                .hasMessageContaining("sessionId");
        assertThatThrownBy(() -> helper.store(new SessionCredentialsRequest(s.id(), " ", CREDENTIALS), "Bearer cas_x"))
                .hasMessageContaining("provider");
        assertThatThrownBy(() -> helper.store(new SessionCredentialsRequest(s.id(), "github",
                JsonObject.EMPTY_JSON_OBJECT), "Bearer cas_x")).hasMessageContaining("credentials");
        assertThatThrownBy(() -> helper.store(new SessionCredentialsRequest(s.id(), "gitlab", CREDENTIALS),
                "Bearer cas_x")).hasMessageContaining("provider: does not match");
        assertThat(vaulted).isEmpty();
    }
}
