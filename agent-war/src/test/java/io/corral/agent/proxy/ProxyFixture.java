package io.corral.agent.proxy;

import io.corral.agent.clone.CloneGate;
import io.corral.agent.clone.CloneGateSettings;
import io.corral.agent.pve.PveClient;
import io.corral.agent.pve.PveSettings;
import io.corral.pvesim.PveSimulator;
import io.corral.pvesim.Seed;
import io.corral.pvesim.SimulatorBuilder;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;

/**
 * A Proxmox simulator serving HTTPS, the agent's clone gate watching it with the agent's token, and
 * the PVE proxy on a free port of 127.0.0.1 in front of it, with a self-signed certificate.
 */
final class ProxyFixture implements AutoCloseable {

    static final String TOKEN_ID = "root@pam!corral";
    /** Proxmox issues token secrets as UUIDs, and ordinary client libraries check that form. */
    static final String SECRET = "0f1e2d3c-4b5a-6978-8899-aabbccddeeff";
    static final String TOKEN = TOKEN_ID + "=" + SECRET;

    final PveSimulator sim;
    final CloneGate gate;
    final PveProxyServer proxy;

    private ProxyFixture(PveSimulator sim, CloneGate gate, PveProxyServer proxy) {
        this.sim = sim;
        this.gate = gate;
        this.proxy = proxy;
    }

    static ProxyFixture start(UnaryOperator<SimulatorBuilder> simulator, CloneGateSettings gateSettings,
            UnaryOperator<ProxySettings> proxySettings) {
        PveSimulator sim = simulator.apply(PveSimulator.builder().port(0).bindAddress("127.0.0.1")
                .seed(Seed.defaultSeed()).apiToken(TOKEN_ID, SECRET).user("root@pam", "password")
                .loginFailureDelay(Duration.ofMillis(50)).https()).start();
        PveSettings upstream = new PveSettings(sim.baseUrl(), TOKEN, sim.certificateSha256(), Duration.ofSeconds(10));
        CloneGate gate = CloneGate.forPve(new PveClient(upstream), gateSettings, Executors.defaultThreadFactory());
        ProxySettings settings = proxySettings.apply(ProxySettings.defaults(upstream)
                .withListener("127.0.0.1", 0, false));
        PveProxyServer proxy = new PveProxyServer(settings, gate);
        try {
            proxy.start();
        } catch (RuntimeException e) {
            gate.close();
            sim.close();
            throw e;
        }
        return new ProxyFixture(sim, gate, proxy);
    }

    static CloneGateSettings gateSettings(int queueLimit) {
        return CloneGateSettings.defaults().withQueueLimit(queueLimit).withProxyQueue(queueLimit, queueLimit)
                .withWatchInterval(Duration.ofMillis(50));
    }

    String proxyRoot() {
        return (proxy.certificateSha256() == null ? "http" : "https") + "://127.0.0.1:" + proxy.port() + "/api2/json";
    }

    /** A client pointed at the proxy without credentials. */
    PveApiClient anonymous() {
        return new PveApiClient(proxyRoot(), proxy.certificateSha256());
    }

    /** An operator's client pointed at the proxy, with the API token. */
    PveApiClient client() {
        return new PveApiClient(proxyRoot(), proxy.certificateSha256()).token(TOKEN);
    }

    /** The same client pointed straight at the simulator (no proxy, no gate). */
    PveApiClient direct() {
        return new PveApiClient(sim.baseUrl(), sim.certificateSha256()).token(TOKEN);
    }

    @Override
    public void close() {
        proxy.close();
        gate.close();
        sim.close();
    }

    /** Reads what the proxy sends (an answer may come first) until it closes the connection; false if still open after 20 s. */
    static boolean closedByTheProxy(Socket socket) throws IOException {
        socket.setSoTimeout(20_000);
        InputStream in = socket.getInputStream();
        try {
            while (in.read() >= 0) {
                // an answer may come before the close
            }
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true; // reset by the proxy
        }
    }
}
