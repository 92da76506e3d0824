package io.corral.pvesim;

import java.util.Arrays;
import java.util.concurrent.CountDownLatch;

/** {@code java -jar corral-pve-sim-<version>-all.jar --port 8006 [...]}: runs until killed. */
public final class Main {

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        PveSimulator simulator;
        try {
            simulator = CliOptions.parse(Arrays.asList(args)).start();
        } catch (RuntimeException e) {
            // Bad options, an unreadable seed or a port in use: say so and exit, no stack trace.
            System.err.println("pve-sim: " + e.getMessage());
            System.exit(2);
            return;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "pve-sim-shutdown"));
        System.out.println("pve-sim listening on " + simulator.baseUrl());
        if (simulator.certificateSha256() != null) {
            System.out.println("pve-sim certificate SHA-256 fingerprint " + simulator.certificateSha256());
        }
        // After the lines scripts read: the guests' desktops, as an agent's CORRAL_AGENT_DESKTOP_URL.
        System.out.println("pve-sim guest desktops at " + simulator.desktopUrlTemplate());
        System.out.flush();
        stopped.await();
    }
}
