package io.corral.platform.security;

import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** Which kind of token reaches which kind of resource ({@link ApiAuthFilter#refusal}). */
class AccessRulesTest {
    private static final Caller API = new Caller(Caller.Kind.API_TOKEN, UUID.randomUUID(), "t", Role.ADMIN, null);
    private static final Caller AGENT = new Caller(Caller.Kind.AGENT, UUID.randomUUID(), "a", null, null);
    private static final Caller VM = new Caller(Caller.Kind.VM, UUID.randomUUID(), "vm:x", null, null);

    @Access(Role.VIEWER)
    static final class UserApi {
    }

    @Access(agent = true)
    static final class AgentApi {
    }

    @Access(vm = true)
    static final class VmApi {
    }

    private static String refusal(Class<?> resource, Caller caller) {
        return ApiAuthFilter.refusal(resource.getAnnotation(Access.class), caller);
    }

    @Test
    void eachKindOfTokenReachesItsOwnResourcesOnly() {
        assertThat(refusal(UserApi.class, API)).isNull();
        assertThat(refusal(AgentApi.class, AGENT)).isNull();
        assertThat(refusal(VmApi.class, VM)).isNull();

        assertThat(refusal(UserApi.class, AGENT)).contains("Agent tokens");
        assertThat(refusal(UserApi.class, VM)).contains("VM helper tokens");
        assertThat(refusal(AgentApi.class, API)).contains("Only agent tokens");
        assertThat(refusal(AgentApi.class, VM)).contains("VM helper tokens");
        assertThat(refusal(VmApi.class, API)).contains("helper token");
        assertThat(refusal(VmApi.class, AGENT)).contains("helper token");
    }

    @Test
    void aResourceWithoutAccessIsClosed() {
        assertThat(ApiAuthFilter.refusal(null, API)).isNotNull();
        assertThat(ApiAuthFilter.refusal(null, VM)).isNotNull();
    }
}
