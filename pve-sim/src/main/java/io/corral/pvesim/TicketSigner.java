package io.corral.pvesim;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and checks tickets ({@code PVE:root@pam:6742F0A1::<signature>}) and CSRF prevention tokens
 * ({@code 6742F0A1:<signature>}), signed with a key that lives as long as the simulator.
 */
final class TicketSigner {

    /** PVE tickets are valid for two hours; a little clock skew is tolerated. */
    private static final long MAX_AGE_SECONDS = 7_200;
    private static final long MAX_SKEW_SECONDS = 300;

    private final byte[] key = new byte[32];

    TicketSigner() {
        new SecureRandom().nextBytes(key);
    }

    String ticket(String user, long now) {
        String plain = "PVE:" + user + ":" + hex(now);
        return plain + "::" + sign(plain);
    }

    /** The user of a valid, unexpired ticket. */
    Optional<String> verifyTicket(String ticket, long now) {
        String[] parts = ticket == null ? new String[0] : ticket.split(":", -1);
        if (parts.length != 5 || !parts[0].equals("PVE") || !parts[3].isEmpty()) {
            return Optional.empty();
        }
        String plain = "PVE:" + parts[1] + ":" + parts[2];
        if (!fresh(parts[2], now) || !same(sign(plain), parts[4])) {
            return Optional.empty();
        }
        return Optional.of(parts[1]);
    }

    String csrfToken(String user, long now) {
        String time = hex(now);
        return time + ":" + sign(time + ":" + user);
    }

    boolean verifyCsrfToken(String user, String token, long now) {
        int colon = token == null ? -1 : token.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String time = token.substring(0, colon);
        return fresh(time, now) && same(sign(time + ":" + user), token.substring(colon + 1));
    }

    private static boolean fresh(String hexTime, long now) {
        try {
            long age = now - Long.parseLong(hexTime, 16);
            return age >= -MAX_SKEW_SECONDS && age <= MAX_AGE_SECONDS;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private String sign(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return Base64.getEncoder().withoutPadding()
                    .encodeToString(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    private static boolean same(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }

    private static String hex(long epochSeconds) {
        return String.format("%08X", epochSeconds);
    }
}
