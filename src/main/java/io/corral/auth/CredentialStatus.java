package io.corral.auth;

import java.util.Locale;

/** What the latest validation found; {@code unknown} until one ran. */
public enum CredentialStatus {
    VALID, EXPIRED, INVALID, UNKNOWN;

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code valid|expired|invalid|unknown}; null for anything else. */
    public static CredentialStatus parse(String s) {
        for (CredentialStatus status : values()) {
            if (status.value().equals(s)) {
                return status;
            }
        }
        return null;
    }
}
