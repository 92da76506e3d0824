package io.corral.auth;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AuthProvidersTest {

    @Test
    void parsesNameAgentNodeTemplateAndEachCheckUrl() {
        Map<String, String> urls = Map.of("claude", " https://api.example.com/check ");
        AuthProviders p = AuthProviders.parse(" github=agent-1/pve1/9000, claude=edge.a/pve-2/9001 ", urls::get);

        assertThat(p.all().keySet()).containsExactly("github", "claude");
        assertThat(p.find("github")).contains(new AuthProvider("github", "agent-1", "pve1", 9000, null));
        assertThat(p.find("claude")).contains(new AuthProvider("claude", "edge.a", "pve-2", 9001,
                "https://api.example.com/check"));
        assertThat(p.find("gitlab")).isEmpty();
        assertThat(p.find(null)).isEmpty();
    }

    @Test
    void nothingConfiguredIsNoProviders() {
        assertThat(AuthProviders.parse(null, n -> null).all()).isEmpty();
        assertThat(AuthProviders.parse("  ", n -> null).all()).isEmpty();
    }

    @Test
    void malformedOrRepeatedEntriesAreRefusedNamingThem() {
        assertThatThrownBy(() -> AuthProviders.parse("github:agent/pve1/9000", n -> null))
                .hasMessageContaining("'github:agent/pve1/9000'").hasMessageContaining("name=agent/node/templateVmid");
        assertThatThrownBy(() -> AuthProviders.parse("GitHub=agent/pve1/9000", n -> null))
                .hasMessageContaining("GitHub");
        assertThatThrownBy(() -> AuthProviders.parse("github=agent/pve1/x", n -> null)).hasMessageContaining("x");
        assertThatThrownBy(() -> AuthProviders.parse("a=x/pve1/9000,a=y/pve1/9001", n -> null))
                .hasMessageContaining("provider a is listed twice");
    }

    @Test
    void checkUrlKeysFollowTheProviderName() {
        assertThat(AuthProviders.checkUrlKey("open-ai")).isEqualTo("CORRAL_AUTH_PROVIDER_OPEN_AI_CHECK_URL");
    }
}
