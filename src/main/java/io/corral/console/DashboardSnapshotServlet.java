package io.corral.console;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /console/dashboard/snapshot}: the fleet dashboard's whole picture as JSON, with the {@code seq}
 * of the last delta it includes. Under {@code /console/}, so only a signed-in console user reads it.
 */
@WebServlet("/console/dashboard/snapshot")
public class DashboardSnapshotServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    transient FleetDashboard dashboard;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long started = System.nanoTime();
        byte[] body = dashboard.snapshot().getBytes(StandardCharsets.UTF_8);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        // Server time to build it, for the dashboard benchmark (and anyone curious): Server-Timing.
        response.setHeader("Server-Timing", "snapshot;dur=" + (System.nanoTime() - started) / 1_000_000.0);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
