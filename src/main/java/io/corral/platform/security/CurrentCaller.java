package io.corral.platform.security;

import jakarta.enterprise.context.RequestScoped;

/** The caller of the current API request, set by {@link ApiAuthFilter}. */
@RequestScoped
public class CurrentCaller {
    private Caller caller;

    void set(Caller caller) {
        this.caller = caller;
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
