package io.corral.auth;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.OffsetDateTime;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialExpiryTest {

    @Test
    void findsIsoTextEpochSecondsAndMillisecondsOneLevelDown() {
        assertThat(CredentialExpiry.find(json("{\"token\":\"x\",\"expires_at\":\"2030-01-31T12:00:00Z\"}")))
                .isEqualTo(OffsetDateTime.parse("2030-01-31T12:00:00Z"));
        assertThat(CredentialExpiry.find(json("{\"claudeAiOauth\":{\"accessToken\":\"x\",\"expiresAt\":1893456000000}}")))
                .isEqualTo(OffsetDateTime.parse("2030-01-01T00:00:00Z"));
        assertThat(CredentialExpiry.find(json("{\"expiry\":1893456000}")))
                .isEqualTo(OffsetDateTime.parse("2030-01-01T00:00:00Z"));
    }

    @Test
    void theEarliestWinsAndJunkIsIgnored() {
        assertThat(CredentialExpiry.find(json("{\"a\":{\"expiresAt\":1893456000},\"expiration\":\"2029-06-01T00:00:00+02:00\"}")))
                .isEqualTo(OffsetDateTime.parse("2029-05-31T22:00:00Z"));
        assertThat(CredentialExpiry.find(json("{\"expiresAt\":\"soon\",\"expiry\":1.5,\"x\":{\"y\":{\"expiresAt\":1}}}")))
                .isNull();
        assertThat(CredentialExpiry.find(json("{\"token\":\"x\"}"))).isNull();
    }

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }
}
