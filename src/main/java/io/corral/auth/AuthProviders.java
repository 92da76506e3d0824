package io.corral.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The providers of {@code CORRAL_AUTH_PROVIDERS}: a comma-separated list of
 * {@code name=agent/node/templateVmid}, e.g. {@code github=agent-1/pve1/9000,claude=agent-1/pve1/9001}.
 * A provider's check URL is its own key, {@code CORRAL_AUTH_PROVIDER_<NAME>_CHECK_URL}.
 */
public final class AuthProviders {
    private static final Pattern ENTRY = Pattern.compile("(" + AuthProvider.NAME
            + ")=([A-Za-z0-9][A-Za-z0-9._-]{0,62})/([A-Za-z0-9][A-Za-z0-9.-]{0,62})/([1-9][0-9]{2,8})");

    private final Map<String, AuthProvider> byName;

    private AuthProviders(Map<String, AuthProvider> byName) {
        this.byName = Collections.unmodifiableMap(byName);
    }

    /**
     * Parses the setting; {@code checkUrls} answers a provider's check URL setting (or null).
     *
     * @throws IllegalArgumentException naming the entry that is malformed or repeated
     */
    public static AuthProviders parse(String text, Function<String, String> checkUrls) {
        Map<String, AuthProvider> providers = new LinkedHashMap<>();
        if (text == null || text.isBlank()) {
            return new AuthProviders(providers);
        }
        for (String raw : text.split(",")) {
            String entry = raw.trim();
            Matcher m = ENTRY.matcher(entry);
            if (!m.matches()) {
                throw new IllegalArgumentException("CORRAL_AUTH_PROVIDERS: '" + entry
                        + "' is not name=agent/node/templateVmid (name: lower-case letters, digits, '-')");
            }
            String name = m.group(1);
            if (providers.containsKey(name)) {
                throw new IllegalArgumentException("CORRAL_AUTH_PROVIDERS: provider " + name + " is listed twice");
            }
            String url = checkUrls.apply(name);
            providers.put(name, new AuthProvider(name, m.group(2), m.group(3), Integer.parseInt(m.group(4)),
                    url == null || url.isBlank() ? null : url.trim()));
        }
        return new AuthProviders(providers);
    }

    public Optional<AuthProvider> find(String name) {
        return Optional.ofNullable(name == null ? null : byName.get(name));
    }

    public Map<String, AuthProvider> all() {
        return byName;
    }

    /** The setting key of a provider's check URL. */
    public static String checkUrlKey(String provider) {
        return "CORRAL_AUTH_PROVIDER_" + provider.toUpperCase(java.util.Locale.ROOT).replace('-', '_') + "_CHECK_URL";
    }
}
