/**
 * Credentials from auth sessions: the encrypted vault (AES-256-GCM under versioned keys, reveal
 * audit, key rotation), and later the sessions themselves. Owns {@code credential},
 * {@code credential_access} and {@code vault_rotation}; may use {@code platform} and {@code fleet},
 * not {@code maintenance}, {@code console} or {@code agentapi}.
 */
package io.corral.auth;
