package io.corral.platform.security;

import jakarta.enterprise.context.RequestScoped;

/** The caller of the current API request, set by {@link ApiAuthFilter}. */
@RequestScoped
public class CurrentCaller {
    private Caller caller;
    private String tokenHash;

    void set(Caller caller, String tokenHash) {
        this.caller = caller;
        this.tokenHash = tokenHash;
    }

    /**
     * The SHA-256 of the bearer secret this request came with, for a write that must check the token
     * is still valid in its own transaction (the resolver's answers are cached for a moment).
     */
    public String tokenHash() {
        return tokenHash;
    }

    /** The caller, or null when the resource is open or authentication failed. */
    public Caller find() {
        return caller;
    }

    public Caller get() {
        if (caller == null) {
            throw new IllegalStateException("No authenticated caller on this request");
        }
        return caller;
    }
}
