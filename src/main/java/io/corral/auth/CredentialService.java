package io.corral.auth;

import io.corral.platform.json.Jsons;
import io.corral.auth.CredentialAccessStore.Action;
import io.corral.auth.CredentialAccessStore.Outcome;
import io.corral.platform.error.NotFoundProblem;
import io.corral.platform.error.ValidationProblem;
import io.corral.platform.rest.Names;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.transaction.Transactional;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * The credential vault: stores credentials encrypted, lists their metadata, reveals them to
 * admins (every reveal audited), deletes them (the secret is erased, the row and its trail stay)
 * and records what validation found. Plaintext exists only inside these methods and is never
 * logged. Rotation is {@link VaultRotationService}; it re-encrypts through {@link #resealChunk}.
 */
@ApplicationScoped
public class CredentialService {
    static final int MAX_PLAINTEXT_BYTES = 65_536;
    private static final Logger LOG = Logger.getLogger(CredentialService.class.getName());

    @Inject
    CredentialStore store;

    @Inject
    CredentialAccessStore access;

    @Inject
    VaultRotationStore rotations;

    @Inject
    VaultSettings settings;

    @Inject
    Clock clock;

    /** A page of metadata and the cursor of the next one (null on the last page). */
    public record Page(List<Credential> items, UUID nextCursor) {
    }

    /** What one chunk of a rotation did. */
    public record ChunkResult(int seen, int rotated, int skipped, int failed, UUID lastId) {
    }

    /** {@link #store(String, UUID, String, OffsetDateTime, JsonObject, String)} without label or explicit expiry. */
    public Credential store(String provider, UUID sessionId, JsonObject credentials, String actor) {
        return store(provider, sessionId, null, null, credentials, actor);
    }

    /**
     * Encrypts {@code credentials} under the current write key and stores them, in the caller's
     * transaction if there is one (an auth session completes in the same transaction).
     *
     * @param expiresAt the expiry to record; null to take it from the credentials ({@link CredentialExpiry})
     * @return the metadata of the new credential (status {@code unknown})
     * @throws ValidationProblem naming {@code provider}, {@code label} or {@code credentials}
     * @throws VaultProblem      503 {@code VAULT_NOT_CONFIGURED} without keys
     */
    @Transactional
    public Credential store(String provider, UUID sessionId, String label, OffsetDateTime expiresAt,
                            JsonObject credentials, String actor) {
        Names.require("provider", provider);
        if (label != null && (label.isBlank() || label.codePointCount(0, label.length()) > 200)) {
            throw new ValidationProblem("label", "must be 1-200 characters when given");
        }
        if (credentials == null || credentials.isEmpty()) {
            throw new ValidationProblem("credentials", "a non-empty JSON object is required");
        }
        byte[] plaintext = credentials.toString().getBytes(StandardCharsets.UTF_8);
        try {
            if (plaintext.length > MAX_PLAINTEXT_BYTES) {
                throw new ValidationProblem("credentials", "must be at most " + MAX_PLAINTEXT_BYTES + " bytes as JSON");
            }
            VaultKeys keys = configuredKeys();
            rotations.lockWriteKeyShared();
            int version = rotations.writeVersion().orElse(keys.active());
            if (!keys.has(version)) {
                throw VaultProblem.keyMissing(version);
            }
            UUID id = UUID.randomUUID();
            CredentialCipher.Sealed sealed = settings.cipher().seal(version, plaintext,
                    CredentialCipher.associatedData(id, provider, version));
            OffsetDateTime expiry = expiresAt != null ? expiresAt : CredentialExpiry.find(credentials);
            Credential stored = store.insert(id, provider, sessionId, label, expiry, sealed, actor);
            access.record(id, Action.STORE, actor, Outcome.OK, "key version " + version);
            LOG.info(() -> "Credential stored: id=" + id + " provider=" + provider + " session=" + sessionId
                    + " keyVersion=" + version + " by=" + actor);
            return stored;
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    /** Live credentials, newest first; {@code cursor} is the previous page's {@code nextCursor}. */
    public Page list(String provider, UUID sessionId, CredentialStatus status, UUID cursor, int limit) {
        Credential after = cursor == null ? null : store.find(cursor)
                .orElseThrow(() -> new ValidationProblem("cursor", "no credential " + cursor));
        List<Credential> items = store.list(provider, sessionId, status, after, limit);
        return new Page(items, items.size() < limit ? null : items.get(items.size() - 1).id());
    }

    /** Live credentials' metadata newest first, filtered ({@code null} for any), by position: the console's pages. */
    public List<Credential> page(String provider, CredentialStatus status, int offset, int limit) {
        return store.page(provider, status, offset, limit);
    }

    public int count(String provider, CredentialStatus status) {
        return store.count(provider, status);
    }

    /** The providers that live credentials belong to. */
    public List<String> providers() {
        return store.providers();
    }

    /** When each of the credentials was last revealed to a person (validation's reveals left out). */
    public Map<UUID, OffsetDateTime> lastRevealed(List<UUID> ids) {
        return ids.isEmpty() ? Map.of() : access.lastRevealed(ids);
    }

    /** The metadata of a live credential; 404 when unknown or deleted. */
    public Credential get(UUID id) {
        return store.find(id).filter(c -> !c.deleted()).orElseThrow(() -> new NotFoundProblem("Credential", id));
    }

    /**
     * Decrypts a credential for {@code actor}, and records the reveal in its trail (a refused or
     * failed attempt on an existing row is recorded too).
     *
     * @throws NotFoundProblem unknown or deleted
     * @throws VaultProblem    no keys, its key version not configured, or it does not decrypt
     */
    @Transactional
    public RevealedCredentialView reveal(UUID id, String actor) {
        Credential c = store.find(id).orElseThrow(() -> new NotFoundProblem("Credential", id));
        if (c.deleted()) {
            access.recordAlone(id, Action.REVEAL, actor, Outcome.REFUSED, "deleted");
            throw new NotFoundProblem("Credential", id);
        }
        VaultKeys keys = settings.keys();
        if (!keys.configured()) {
            access.recordAlone(id, Action.REVEAL, actor, Outcome.FAILED, "no vault key configured");
            throw VaultProblem.notConfigured();
        }
        CredentialCipher.Sealed sealed = store.sealed(id).orElseThrow(() -> new NotFoundProblem("Credential", id));
        JsonObject credentials = open(c, sealed, Action.REVEAL, actor);
        access.record(id, Action.REVEAL, actor, Outcome.OK, null);
        LOG.info(() -> "Credential revealed: id=" + id + " provider=" + c.provider() + " by=" + actor);
        return new RevealedCredentialView(id, c.provider(), c.sessionId(), c.label(), c.keyVersion(), credentials,
                actor, OffsetDateTime.now(clock));
    }

    /**
     * Decrypts a credential for its provider's check URL (credential validation); recorded in its
     * trail as a reveal by {@code actor} with the detail "validation". Never returned to a caller.
     */
    @Transactional
    public JsonObject openForValidation(UUID id, String actor) {
        Credential c = get(id);
        CredentialCipher.Sealed sealed = store.sealed(id).orElseThrow(() -> new NotFoundProblem("Credential", id));
        JsonObject credentials = open(c, sealed, Action.REVEAL, actor);
        access.record(id, Action.REVEAL, actor, Outcome.OK, "validation");
        return credentials;
    }

    /** Erases the secret and marks the credential deleted; 404 when unknown or already deleted. */
    @Transactional
    public void delete(UUID id, String actor) {
        if (!store.erase(id, actor)) {
            throw new NotFoundProblem("Credential", id);
        }
        access.record(id, Action.DELETE, actor, Outcome.OK, null);
        LOG.info(() -> "Credential deleted: id=" + id + " by=" + actor);
    }

    /**
     * Records what a validation found (for the credential validation task). {@code reason} is
     * shown to operators and logged: it must not quote the credentials.
     */
    @Transactional
    public Credential markStatus(UUID id, CredentialStatus status, String reason) {
        String r = reason == null || reason.length() <= 500 ? reason : reason.substring(0, 499) + "…";
        CredentialStatus before = store.find(id).map(Credential::status).orElse(null);
        Credential c = store.markStatus(id, status, r).orElseThrow(() -> new NotFoundProblem("Credential", id));
        if (before != status) { // a line per change, not per validation run
            LOG.info(() -> "Credential status: id=" + id + " status=" + status.value() + " reason=" + r);
        }
        return c;
    }

    /** The access trail, newest first; kept for deleted credentials too. */
    public List<CredentialAccessView> trail(UUID id, int limit) {
        store.find(id).orElseThrow(() -> new NotFoundProblem("Credential", id));
        return access.trail(id, limit);
    }

    /**
     * Re-encrypts up to {@code limit} live rows (ids after {@code afterId}) whose key version is not
     * {@code toVersion}, in one transaction of its own; each row is a compare-and-set on its old version.
     */
    @Transactional(Transactional.TxType.REQUIRES_NEW)
    public ChunkResult resealChunk(int toVersion, UUID afterId, int limit, String actor) {
        List<CredentialStore.RotationCandidate> rows = store.toRotate(toVersion, afterId, limit);
        int rotated = 0;
        int skipped = 0;
        int failed = 0;
        for (CredentialStore.RotationCandidate row : rows) {
            int from = row.sealed().keyVersion();
            byte[] plaintext;
            try {
                plaintext = settings.cipher().open(row.sealed(), CredentialCipher.associatedData(row.id(), row.provider(), from));
            } catch (CredentialCipher.KeyMissing | CredentialCipher.Unreadable e) {
                failed++;
                access.record(row.id(), Action.ROTATE, actor, Outcome.FAILED, e.getMessage());
                LOG.warning("Credential not re-encrypted: id=" + row.id() + ": " + e.getMessage());
                continue;
            }
            CredentialCipher.Sealed resealed = settings.cipher().seal(toVersion, plaintext,
                    CredentialCipher.associatedData(row.id(), row.provider(), toVersion));
            Arrays.fill(plaintext, (byte) 0);
            if (store.reseal(row.id(), from, resealed)) {
                rotated++;
                access.record(row.id(), Action.ROTATE, actor, Outcome.OK, "key version " + from + " to " + toVersion);
            } else {
                skipped++;
            }
        }
        return new ChunkResult(rows.size(), rotated, skipped, failed, rows.isEmpty() ? afterId : rows.get(rows.size() - 1).id());
    }

    private JsonObject open(Credential c, CredentialCipher.Sealed sealed, Action action, String actor) {
        byte[] plaintext;
        try {
            plaintext = settings.cipher().open(sealed, CredentialCipher.associatedData(c.id(), c.provider(),
                    sealed.keyVersion()));
        } catch (CredentialCipher.KeyMissing e) {
            access.recordAlone(c.id(), action, actor, Outcome.FAILED, e.getMessage());
            throw VaultProblem.keyMissing(e.version());
        } catch (CredentialCipher.Unreadable e) {
            access.recordAlone(c.id(), action, actor, Outcome.FAILED, e.getMessage());
            LOG.warning("Credential does not decrypt: id=" + c.id() + ": " + e.getMessage());
            throw VaultProblem.unreadable(c.id());
        }
        try (JsonReader reader = Jsons.JSON.createReader(new StringReader(new String(plaintext, StandardCharsets.UTF_8)))) {
            return reader.readObject();
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    private VaultKeys configuredKeys() {
        VaultKeys keys = settings.keys();
        if (!keys.configured()) {
            throw VaultProblem.notConfigured();
        }
        return keys;
    }
}
