package io.corral.agent.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.corral.agent.pve.PveSettings;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The self-signed store's password is this agent's own, not one every copy of Corral shares. */
class ServerTlsPasswordTest {

    @Test
    void theSelfSignedStoreIsNotOpenedByTheFormerConstantPassword(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("proxy-tls.p12");

        ServerTls.load(ProxySettings.defaults(PveSettings.of("https://127.0.0.1:8006", null))
                .withKeystore(null, null, store));

        assertThatThrownBy(() -> open(store, "corral-agent-proxy".toCharArray())).isInstanceOf(IOException.class);
        Path password = dir.resolve("proxy-tls.p12.password");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(password)))
                .isEqualTo("rw-------");
        assertThat(open(store, Files.readString(password).toCharArray()).size()).isEqualTo(1);
    }

    @Test
    void aStoreMadeWithTheFormerPasswordKeepsItsCertificate(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("proxy-tls.p12");
        ServerTls first = ServerTls.load(ProxySettings.defaults(PveSettings.of("https://127.0.0.1:8006", null))
                .withKeystore(null, null, store));
        // As an agent before per-agent passwords left it: the store under the constant, no password file.
        char[] generated = Files.readString(dir.resolve("proxy-tls.p12.password")).toCharArray();
        KeyStore keys = open(store, generated);
        String alias = keys.aliases().nextElement();
        char[] former = "corral-agent-proxy".toCharArray();
        keys.setKeyEntry(alias, keys.getKey(alias, generated), former, keys.getCertificateChain(alias));
        try (var out = Files.newOutputStream(store)) {
            keys.store(out, former);
        }
        Files.delete(dir.resolve("proxy-tls.p12.password"));

        ServerTls upgraded = ServerTls.load(ProxySettings.defaults(PveSettings.of("https://127.0.0.1:8006", null))
                .withKeystore(null, null, store));

        assertThat(upgraded.fingerprint()).isEqualTo(first.fingerprint());
        assertThatThrownBy(() -> open(store, former)).isInstanceOf(IOException.class);
    }

    static KeyStore open(Path store, char[] password) throws Exception {
        KeyStore keys = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(store)) {
            keys.load(in, password);
        }
        return keys;
    }
}
