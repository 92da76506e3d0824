package io.corral.auth;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The expiry-based default validator and the check URL's address rule. */
class CredentialValidationServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

    private static Credential credential(String provider, Instant expiresAt) {
        return new Credential(UUID.randomUUID(), provider, null, null, CredentialStatus.UNKNOWN, null,
                expiresAt == null ? null : OffsetDateTime.ofInstant(expiresAt, ZoneOffset.UTC), 1,
                OffsetDateTime.now(), "t", null, null, null);
    }

    @Test
    void expiredOnceTheExpiryHasPassedValidBefore() {
        assertThat(CredentialValidationService.byExpiry(credential("github", NOW.minusSeconds(1)), NOW).status())
                .isEqualTo(CredentialStatus.EXPIRED);
        assertThat(CredentialValidationService.byExpiry(credential("github", NOW), NOW).status())
                .isEqualTo(CredentialStatus.EXPIRED);
        CredentialVerdict later = CredentialValidationService.byExpiry(credential("github", NOW.plusSeconds(60)), NOW);
        assertThat(later.status()).isEqualTo(CredentialStatus.VALID);
        assertThat(later.reason()).isEqualTo("expires 2026-11-29T12:01:00Z");
        assertThat(later.changes()).isTrue();
        CredentialVerdict none = CredentialValidationService.byExpiry(credential("github", null), NOW);
        assertThat(none.status()).isEqualTo(CredentialStatus.VALID);
        assertThat(none.reason()).contains("no expiry stated");
    }

    @Test
    void aProviderWithACheckUrlIsPendingUnlessExpired() {
        CredentialValidationService service = new CredentialValidationService();
        service.settings = new AuthSettings() {
            @Override
            public AuthProviders providers() {
                return AuthProviders.parse("claude=a/pve1/9000,github=a/pve1/9000",
                        n -> n.equals("claude") ? "https://api.example.com/me" : null);
            }
        };
        CredentialVerdict pending = service.judge(credential("claude", NOW.plusSeconds(60)), NOW);
        assertThat(pending.pending()).isTrue();
        assertThat(pending.checkUrl()).isEqualTo("https://api.example.com/me");
        assertThat(service.judge(credential("claude", NOW.minusSeconds(60)), NOW).status())
                .isEqualTo(CredentialStatus.EXPIRED);
        assertThat(service.judge(credential("github", null), NOW).pending()).isFalse();
    }

    @Test
    void checkUrlsMustBeHttpToPublicAddresses() {
        assertThat(CredentialCheckUrl.refusal(URI.create("https://1.1.1.1/check"))).isNull();
        assertThat(CredentialCheckUrl.refusal(URI.create("ftp://1.1.1.1/x"))).isEqualTo("only http and https");
        assertThat(CredentialCheckUrl.refusal(URI.create("https://user@1.1.1.1/x"))).contains("no user info");
        for (String host : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "0.0.0.0", "100.64.0.1", "[::1]", "[fd00:ec2::254]", "[fe80::1]"}) {
            assertThat(CredentialCheckUrl.refusal(URI.create("https://" + host + "/check"))).as(host)
                    .contains("not a public address");
        }
    }
}
