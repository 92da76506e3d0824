package io.corral.agent.ssh;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * A host key in {@code authorized_keys} form ({@code ssh-ed25519 AAAA… [comment]}): the only
 * key a target may present.
 *
 * @param type the key type, e.g. {@code ssh-ed25519}
 * @param blob the public key in SSH wire format
 */
public record PinnedHostKey(String type, byte[] blob) {

    // Host key algorithms JSch may negotiate for each key type; SHA-1 ssh-rsa is left out.
    private static final Map<String, String> ALGORITHMS = Map.of(
            "ssh-ed25519", "ssh-ed25519",
            "ssh-ed448", "ssh-ed448",
            "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp256",
            "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp384",
            "ecdsa-sha2-nistp521", "ecdsa-sha2-nistp521",
            "ssh-rsa", "rsa-sha2-512,rsa-sha2-256");

    /** Parses {@code type base64 [comment]}; the blob must carry the same type. */
    public static PinnedHostKey parse(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("hostKey is required");
        }
        String[] parts = text.trim().split("\\s+");
        if (parts.length < 2 || !ALGORITHMS.containsKey(parts[0])) {
            throw new IllegalArgumentException("hostKey must be \"<type> <base64>\" with type one of "
                    + ALGORITHMS.keySet().stream().sorted().toList());
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("hostKey is not valid base64");
        }
        if (!parts[0].equals(blobType(blob))) {
            throw new IllegalArgumentException("hostKey type does not match its key data");
        }
        return new PinnedHostKey(parts[0], blob);
    }

    /** The {@code server_host_key} algorithms to offer, so the server must show this key type. */
    public String algorithms() {
        return ALGORITHMS.get(type);
    }

    public String base64() {
        return Base64.getEncoder().encodeToString(blob);
    }

    private static String blobType(byte[] blob) {
        if (blob.length < 4) {
            return null;
        }
        int length = ByteBuffer.wrap(blob).getInt();
        if (length <= 0 || length > blob.length - 4) {
            return null;
        }
        return new String(blob, 4, length, StandardCharsets.US_ASCII);
    }
}
