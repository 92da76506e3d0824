package io.corral.auth;

import io.corral.platform.db.SessionLocks;
import io.corral.platform.error.NotFoundProblem;
import io.corral.platform.error.ValidationProblem;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.logging.Logger;

/**
 * Key rotation without downtime: a rotation makes {@code toVersion} (a configured key) the write
 * key of every instance, then re-encrypts the other live rows in chunks, one transaction each,
 * every row a compare-and-set on its old key version. Old keys stay configured, so reveals keep
 * working throughout; stores take the write-key lock shared, so none lands under the old key
 * once the rotation has switched. One rotation at a time across instances.
 */
@ApplicationScoped
public class VaultRotationService {
    static final String LOCK = "corral:vault-rotation";
    private static final Logger LOG = Logger.getLogger(VaultRotationService.class.getName());

    @Inject
    VaultSettings settings;

    @Inject
    VaultRotationStore rotations;

    @Inject
    CredentialStore credentials;

    @Inject
    CredentialService service;

    @Inject
    SessionLocks locks;

    /**
     * Rotates every live credential to key {@code toVersion} and returns the finished run: status
     * {@code succeeded} when all rows are under {@code toVersion}, else {@code failed} with counts.
     *
     * @throws ValidationProblem {@code toVersion} missing or not a configured key version
     * @throws VaultProblem      409 {@code ROTATION_RUNNING}, 503 {@code VAULT_NOT_CONFIGURED}
     */
    public VaultRotationView rotate(Integer toVersion, String actor) {
        VaultKeys keys = settings.keys();
        if (!keys.configured()) {
            throw VaultProblem.notConfigured();
        }
        if (toVersion == null) {
            throw new ValidationProblem("toVersion", "is required");
        }
        if (!keys.has(toVersion)) {
            throw new ValidationProblem("toVersion", "key version " + toVersion
                    + " is not configured in CORRAL_VAULT_KEYS (configured: " + keys.versions() + ")");
        }
        try (SessionLocks.Held ignored = locks.tryAcquire(LOCK).orElseThrow(VaultProblem::rotationRunning)) {
            rotations.interruptRunning();
            VaultRotation run = rotations.start(toVersion, actor);
            LOG.info(() -> "Vault rotation started: id=" + run.id() + " toVersion=" + toVersion + " by=" + actor);
            return work(run, actor);
        }
    }

    private VaultRotationView work(VaultRotation run, String actor) {
        int chunk = settings.rotationChunkRows();
        int rotated = 0;
        int skipped = 0;
        int failed = 0;
        UUID after = null;
        try {
            while (true) {
                CredentialService.ChunkResult r = service.resealChunk(run.toVersion(), after, chunk, actor);
                rotated += r.rotated();
                skipped += r.skipped();
                failed += r.failed();
                after = r.lastId();
                if (r.seen() < chunk) {
                    break;
                }
                rotations.progress(run.id(), rotated, skipped, failed);
            }
        } catch (RuntimeException e) {
            LOG.warning("Vault rotation failed: id=" + run.id() + ": " + e);
            rotations.finish(run.id(), "failed", rotated, skipped, failed, "stopped by an error: " + e.getClass().getName());
            throw e;
        }
        long left = remaining(run.toVersion());
        String error = failed == 0 && left == 0 ? null
                : failed + " credentials could not be decrypted; " + left + " remain under other key versions";
        VaultRotation done = rotations.finish(run.id(), error == null ? "succeeded" : "failed", rotated, skipped,
                failed, error);
        int r = rotated;
        int s = skipped;
        LOG.info(() -> "Vault rotation ended: id=" + run.id() + " status=" + done.status() + " rotated=" + r
                + " skipped=" + s + " failed=" + done.rowsFailed() + " remaining=" + left);
        return VaultRotationView.of(done, left);
    }

    /** Live credentials not under {@code version}. */
    long remaining(int version) {
        return credentials.countByVersion().entrySet().stream().filter(e -> e.getKey() != version)
                .mapToLong(Map.Entry::getValue).sum();
    }

    public List<VaultRotationView> recent(int limit) {
        return rotations.recent(limit).stream().map(r -> VaultRotationView.of(r, null)).toList();
    }

    public VaultRotationView get(UUID id) {
        return rotations.find(id).map(r -> VaultRotationView.of(r, null))
                .orElseThrow(() -> new NotFoundProblem("Vault rotation", id));
    }

    /** What the vault runs with: configured versions (never keys), the write key, rows per key version. */
    public VaultStatusView status() {
        VaultKeys keys = settings.keys();
        Map<Integer, Long> counts = credentials.countByVersion();
        Integer write = keys.configured() ? rotations.writeVersion().orElse(keys.active()) : null;
        return new VaultStatusView(keys.configured(), List.copyOf(keys.versions()),
                keys.configured() ? keys.active() : null, write,
                counts.entrySet().stream().map(e -> new VaultStatusView.VersionCount(e.getKey(), e.getValue(),
                        keys.has(e.getKey()))).toList(),
                rotations.recent(1).stream().findFirst().map(r -> VaultRotationView.of(r, null)).orElse(null));
    }
}
