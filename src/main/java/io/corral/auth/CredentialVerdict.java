package io.corral.auth;

/** What validation found about one credential, and why (never quoting the credential). */
public record CredentialVerdict(Credential credential, CredentialStatus status, String reason, String checkUrl) {

    public CredentialVerdict(Credential credential, CredentialStatus status, String reason) {
        this(credential, status, reason, null);
    }

    /** A verdict that waits for the provider's check URL, which only a run calls (a preview does not). */
    public boolean pending() {
        return checkUrl != null;
    }

    /** Whether recording it changes the credential's status. */
    public boolean changes() {
        return credential.status() != status;
    }
}
