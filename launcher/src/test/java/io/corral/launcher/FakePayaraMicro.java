package io.corral.launcher;

import com.sun.net.httpserver.HttpServer;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

/**
 * Stands in for payara-micro.jar in {@link PayaraProcessTest}: serves 200 on every path of
 * {@code --port}, or exits at once when {@code FAKE_MODE=crash}.
 */
public final class FakePayaraMicro {

    public static void main(String[] args) throws Exception {
        List<String> argList = Arrays.asList(args);
        System.out.println("fake payara " + argList);
        if ("crash".equals(System.getenv("FAKE_MODE"))) {
            System.out.println("boom: cannot deploy");
            System.exit(3);
        }
        int port = Integer.parseInt(argList.get(argList.indexOf("--port") + 1));
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
        server.createContext("/", exchange -> {
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        server.start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> System.out.println("fake payara stopping")));
        System.out.println("ready");
    }
}
