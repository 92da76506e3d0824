package io.corral.platform.security;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What a console user's password must be: {@value #MIN_LENGTH} to {@value #MAX_LENGTH} characters, not the user
 * name (nor the name with fewer than 6 other characters), not a well-known password, not one or two characters
 * repeated. Checked on create and on change,
 * through the API and the console alike.
 */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 12;
    public static final int MAX_LENGTH = 200;
    private static final Set<String> COMMON = load();

    private PasswordPolicy() {
    }

    /** @throws PasswordProblem naming what is wrong */
    public static void check(String username, String password) {
        if (password == null || password.length() < MIN_LENGTH) {
            throw new PasswordProblem("PASSWORD_TOO_SHORT", "must have at least " + MIN_LENGTH + " characters");
        }
        if (password.length() > MAX_LENGTH) {
            throw new PasswordProblem("PASSWORD_TOO_LONG", "must have at most " + MAX_LENGTH + " characters");
        }
        String lower = password.toLowerCase(Locale.ROOT);
        String name = username == null ? "" : username.strip().toLowerCase(Locale.ROOT);
        boolean mostlyName = name.length() >= 3 && lower.replace(name, "").length() < 6;
        if (lower.equals(name) || mostlyName) {
            throw new PasswordProblem("PASSWORD_IS_USER_NAME", "must not be (or be made of) the user name");
        }
        if (COMMON.contains(lower) || lower.chars().distinct().count() <= 2) {
            throw new PasswordProblem("PASSWORD_TOO_COMMON", "is a well-known password; choose another one");
        }
    }

    private static Set<String> load() {
        try (InputStream in = PasswordPolicy.class.getResourceAsStream("common-passwords.txt")) {
            if (in == null) {
                throw new IllegalStateException("common-passwords.txt missing");
            }
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).map(l -> l.toLowerCase(Locale.ROOT))
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
