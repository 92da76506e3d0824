package io.corral.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The credential validation of the 6-hourly task: every live credential is judged by its provider's
 * validator and the verdict recorded through {@link CredentialService#markStatus}. The default
 * validator is expiry-based ({@link #byExpiry}); see {@link CredentialCheckUrl} for providers with a
 * check URL.
 */
@ApplicationScoped
public class CredentialValidationService {
    static final int PAGE = 500;

    @Inject
    CredentialService vault;

    @Inject
    CredentialCheckUrl checkUrls;

    @Inject
    AuthSettings settings;

    /**
     * The verdicts on the first {@code limit} live credentials at {@code now}, newest first, without
     * calling any check URL: a credential whose provider has one and that has not expired is
     * {@link CredentialVerdict#pending() pending} until {@link #decide} calls it.
     */
    public List<CredentialVerdict> judge(Instant now, int limit) {
        List<CredentialVerdict> verdicts = new ArrayList<>();
        UUID cursor = null;
        do {
            CredentialService.Page page = vault.list(null, null, null, cursor, Math.min(PAGE, limit - verdicts.size()));
            for (Credential c : page.items()) {
                verdicts.add(judge(c, now));
            }
            cursor = page.nextCursor();
        } while (cursor != null && verdicts.size() < limit);
        return verdicts;
    }

    /** A pending verdict decided by the provider's check URL; any other as it is. */
    public CredentialVerdict decide(CredentialVerdict v) {
        return v.pending() ? checkUrls.check(v.credential(), v.checkUrl()) : v;
    }

    /** Records a decided verdict (status, reason, validation time). */
    public Credential record(CredentialVerdict v) {
        if (v.pending()) {
            throw new IllegalArgumentException("decide the verdict first");
        }
        return vault.markStatus(v.credential().id(), v.status(), v.reason());
    }

    CredentialVerdict judge(Credential c, Instant now) {
        CredentialVerdict byExpiry = byExpiry(c, now);
        if (byExpiry.status() == CredentialStatus.EXPIRED) {
            return byExpiry;
        }
        return settings.providers().find(c.provider()).map(AuthProvider::checkUrl)
                .map(url -> new CredentialVerdict(c, c.status(), "the provider's check URL decides", url))
                .orElse(byExpiry);
    }

    /**
     * Expired once its stated expiry has passed; valid before it, and valid when it states none (the
     * expiry-based validator has nothing else to go by: a provider with a check URL is asked instead).
     */
    static CredentialVerdict byExpiry(Credential c, Instant now) {
        if (c.expiresAt() == null) {
            return new CredentialVerdict(c, CredentialStatus.VALID, "no expiry stated (expiry-based validation)");
        }
        Instant at = c.expiresAt().toInstant();
        return at.isAfter(now)
                ? new CredentialVerdict(c, CredentialStatus.VALID, "expires " + at)
                : new CredentialVerdict(c, CredentialStatus.EXPIRED, "expired " + at);
    }
}
