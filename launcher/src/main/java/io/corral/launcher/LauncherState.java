package io.corral.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * {@code <data dir>/launcher.properties}: the secrets generated on the first run (admin password,
 * bootstrap API token, the embedded PostgreSQL password, simulator credentials, the credential vault's key) and the registered agent, so the next run against
 * the same database finds them again. Owner-only (mode 600) because it holds secrets.
 */
public final class LauncherState {

    static final String FILE_NAME = "launcher.properties";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHANUMERIC = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final Path file;
    private final Properties properties = new Properties();
    private final java.util.Set<String> generatedNow = new java.util.HashSet<>();

    private LauncherState(Path file) {
        this.file = file;
    }

    /** Loads the state of this data directory, generating and saving any secret it lacks. */
    public static LauncherState loadOrCreate(Path dataDir) {
        LauncherState state = new LauncherState(dataDir.resolve(FILE_NAME));
        if (Files.exists(state.file)) {
            try (InputStream in = Files.newInputStream(state.file)) {
                state.properties.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + state.file, e);
            }
        }
        state.generateIfMissing("admin.password", () -> randomText(20));
        state.generateIfMissing("bootstrap.token", () -> "corral_" + randomToken());
        state.generateIfMissing("db.password", () -> randomText(24));
        state.generateIfMissing("pve.token.secret", () -> UUID.randomUUID().toString());
        state.generateIfMissing("pve.root.password", () -> randomText(16));
        // Lose it and the credentials stored by earlier runs cannot be read again.
        state.generateIfMissing("vault.key.1", LauncherState::randomVaultKey);
        state.save();
        return state;
    }

    public String adminPassword() { return properties.getProperty("admin.password"); }
    public String dbPassword() { return properties.getProperty("db.password"); }
    public String bootstrapToken() { return properties.getProperty("bootstrap.token"); }
    public String pveTokenSecret() { return properties.getProperty("pve.token.secret"); }
    public String pveRootPassword() { return properties.getProperty("pve.root.password"); }
    /** The credential vault's key version 1: 32 random bytes, base64. */
    public String vaultKey() { return properties.getProperty("vault.key.1"); }
    public Optional<String> agentId() { return Optional.ofNullable(properties.getProperty("agent.id")); }
    public Optional<String> agentToken() { return Optional.ofNullable(properties.getProperty("agent.token")); }

    public void agent(String id, String token) {
        properties.setProperty("agent.id", id);
        properties.setProperty("agent.token", token);
        save();
    }

    private void generateIfMissing(String key, Supplier<String> generator) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            properties.setProperty(key, generator.get());
            generatedNow.add(key);
        }
    }

    /** Whether the admin password was made by this run (then the terminal shows it, once). */
    public boolean adminPasswordNew() { return generatedNow.contains("admin.password"); }

    /** Where the secrets are kept (owner-only). */
    public Path file() { return file; }

    // Written to an owner-only temp file and moved into place, so the secrets are never readable
    // by others, not even for a moment, and a crash never leaves a half-written file.
    private void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(FILE_NAME + ".tmp");
            Files.deleteIfExists(tmp);
            createOwnerOnly(tmp);
            try (OutputStream out = Files.newOutputStream(tmp)) {
                properties.store(out, "Corral launcher state: generated secrets, keep private");
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    private static void createOwnerOnly(Path path) throws IOException {
        try {
            Files.createFile(path, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(path);
        }
    }

    static String randomText(int length) {
        StringBuilder s = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            s.append(ALPHANUMERIC.charAt(RANDOM.nextInt(ALPHANUMERIC.length())));
        }
        return s.toString();
    }

    static String randomVaultKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    static String randomToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
