/**
 * Auth sessions (browser VMs through the command bus, the helper's session token, credentials store)
 * and the credential vault (AES-256-GCM under versioned keys, reveal audit, key rotation, validators).
 * Owns {@code auth_session}, {@code auth_session_event}, {@code credential}, {@code credential_access} and
 * {@code vault_rotation}; may use {@code platform}, {@code fleet} and the {@code command} service, not
 * {@code maintenance}, {@code console} or {@code agentapi}.
 */
package io.corral.auth;
