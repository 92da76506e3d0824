package io.corral.platform.security;

/**
 * Whether a configured bootstrap token is fit to be an admin API token: at least 32 random bytes' worth. The
 * check is simple and stated honestly: after an optional lower-case word prefix ({@code corral_}, {@code cpt_}),
 * at least 64 hex digits or 43 base64/base64url characters, and nothing a person typed by hand (fewer than 12
 * distinct characters, or one character making up more than a quarter of it). {@code openssl rand -hex 32} and
 * {@code openssl rand -base64 32} pass.
 */
public final class BootstrapTokenCheck {
    private BootstrapTokenCheck() {
    }

    /** @return null when the token will do, else why not (never the token itself) */
    public static String problem(String token) {
        String body = token.replaceFirst("^[a-z]{1,16}[_-]", "").replaceAll("=+$", "");
        if (!body.matches("[A-Za-z0-9_+/-]+")) {
            return "must be hex or base64 characters (e.g. openssl rand -hex 32)";
        }
        // Hex with dashes (a UUID) counts its hex digits only.
        boolean hex = body.matches("[0-9a-fA-F-]+");
        int bits = hex ? body.replace("-", "").length() * 4 : body.length() * 6;
        if (bits < 256) {
            return "must carry at least 32 random bytes: 64 hex digits or 43 base64 characters; it has "
                    + body.length() + " characters";
        }
        long distinct = body.chars().distinct().count();
        long most = body.chars().boxed().collect(java.util.stream.Collectors.groupingBy(c -> c,
                java.util.stream.Collectors.counting())).values().stream().mapToLong(Long::longValue).max().orElse(0);
        if (distinct < 12 || most * 4 > body.length()) {
            return "does not look random (too few different characters); generate it, e.g. openssl rand -hex 32";
        }
        return null;
    }
}
