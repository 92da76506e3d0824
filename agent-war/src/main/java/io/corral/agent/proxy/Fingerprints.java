package io.corral.agent.proxy;

import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;

/** Certificate fingerprints in the form Proxmox shows them: {@code AA:BB:…} (SHA-256 of the DER). */
final class Fingerprints {

    private Fingerprints() {
    }

    static String sha256(X509Certificate certificate) throws GeneralSecurityException {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
        return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    }
}
