package io.corral.auth;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The states of an auth session, exactly as seed 002 lists them: {@code started → vm_creating →
 * vm_created → ready → authenticating → completed}, or {@code timeout} / {@code failed} from any
 * live state. {@link #from()} says which states each one may be entered from.
 */
public enum AuthSessionState {
    STARTED, VM_CREATING, VM_CREATED, READY, AUTHENTICATING, COMPLETED, TIMEOUT, FAILED;

    /** The states the hourly cleanup may time out (every state that is not final). */
    public static final List<AuthSessionState> LIVE = List.of(STARTED, VM_CREATING, VM_CREATED, READY, AUTHENTICATING);

    public String value() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean isFinal() {
        return this == COMPLETED || this == TIMEOUT || this == FAILED;
    }

    /** The states a session may move to this one from; empty for {@code started} (only by insert). */
    public Set<AuthSessionState> from() {
        return switch (this) {
            case STARTED -> Set.of();
            case VM_CREATING -> Set.of(STARTED);
            case VM_CREATED -> Set.of(VM_CREATING);
            case READY -> Set.of(VM_CREATED);
            case AUTHENTICATING -> Set.of(READY);
            case COMPLETED -> Set.of(READY, AUTHENTICATING);
            case TIMEOUT, FAILED -> Set.copyOf(LIVE);
        };
    }

    /** Parses the lower-case value; null for anything else. */
    public static AuthSessionState parse(String s) {
        for (AuthSessionState state : values()) {
            if (state.value().equals(s)) {
                return state;
            }
        }
        return null;
    }
}
