package io.corral.platform.security;

import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;

import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * PBKDF2 from the JDK in the stored form of the container's {@code Pbkdf2PasswordHash}
 * ({@code algorithm:iterations:salt:hash}), for tests that run without the container.
 */
class JdkPbkdf2 implements Pbkdf2PasswordHash {
    private String algorithm = "PBKDF2WithHmacSHA256";
    private int iterations = 1000;
    private int saltBytes = 16;

    @Override
    public void initialize(Map<String, String> parameters) {
        algorithm = parameters.getOrDefault("Pbkdf2PasswordHash.Algorithm", algorithm);
        iterations = Integer.parseInt(parameters.getOrDefault("Pbkdf2PasswordHash.Iterations", "" + iterations));
        saltBytes = Integer.parseInt(parameters.getOrDefault("Pbkdf2PasswordHash.SaltSizeBytes", "" + saltBytes));
    }

    @Override
    public String generate(char[] password) {
        byte[] salt = new byte[saltBytes];
        new SecureRandom().nextBytes(salt);
        return algorithm + ":" + iterations + ":" + b64(salt) + ":" + b64(derive(algorithm, iterations, salt, password));
    }

    @Override
    public boolean verify(char[] password, String stored) {
        String[] p = stored.split(":");
        byte[] salt = Base64.getDecoder().decode(p[2]);
        return MessageDigest.isEqual(Base64.getDecoder().decode(p[3]),
                derive(p[0], Integer.parseInt(p[1]), salt, password));
    }

    private static byte[] derive(String algorithm, int iterations, byte[] salt, char[] password) {
        try {
            return SecretKeyFactory.getInstance(algorithm).generateSecret(new PBEKeySpec(password, salt, iterations, 512))
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String b64(byte[] b) {
        return Base64.getEncoder().encodeToString(b);
    }
}
