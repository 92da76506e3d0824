package io.corral.agent.heartbeat;

import io.corral.agent.command.CommandDelivery;
import io.corral.agent.control.ControlPlaneClient;
import io.corral.agent.control.ControlPlaneException;
import io.corral.agent.control.ControlPlaneResponse;
import java.time.Clock;

/** Delivers a heartbeat to the control plane and says how that went. */
public class HeartbeatSender {

    static final String PATH = "/api/v1/agent/heartbeat";

    private final ControlPlaneClient controlPlane;
    private final Clock clock;

    public HeartbeatSender(ControlPlaneClient controlPlane, Clock clock) {
        this.controlPlane = controlPlane;
        this.clock = clock;
    }

    private static long targetsVersion(ControlPlaneResponse response) {
        return response.body() != null && response.body().get("targetsVersion") instanceof jakarta.json.JsonNumber n
                ? n.longValue() : -1;
    }

    /** Never throws: an undeliverable heartbeat is an outcome like any other. */
    public HeartbeatOutcome send(Heartbeat heartbeat) {
        try {
            ControlPlaneResponse response = controlPlane.post(PATH, heartbeat.toJson());
            if (response.isSuccess()) {
                return HeartbeatOutcome.accepted(clock.instant(), response.status(),
                        response.text("agentId"), CommandDelivery.ids(response.body(), "cancellations"),
                        targetsVersion(response));
            }
            return HeartbeatOutcome.rejected(clock.instant(), response.summary(),
                    response.errorMessage());
        } catch (ControlPlaneException e) {
            return HeartbeatOutcome.undelivered(clock.instant(), e.getMessage());
        }
    }
}
