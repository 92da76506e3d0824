package io.corral.console;

import io.corral.platform.error.ApiException;
import io.corral.platform.rest.Ids;
import io.corral.relay.Relay;
import io.corral.relay.RelayService;
import io.corral.relay.RelayView;
import jakarta.annotation.PostConstruct;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

import java.io.Serializable;
import java.util.UUID;

/**
 * Faces bean of {@code console/desktop.xhtml?vm=…}: issues a relay to the VM's desktop for the signed-in
 * operator (the page's noVNC opens it with the one-time ticket) and shows the relay's state as it goes.
 */
@Named
@ViewScoped
public class DesktopPage implements Serializable {
    private static final long serialVersionUID = 1L;

    @Inject
    RelayService relays;

    private UUID relayId;
    private String ticket;
    private String problem;

    @PostConstruct
    void open() {
        ExternalContext context = FacesContext.getCurrentInstance().getExternalContext();
        try {
            openRelay(Ids.parse("vm", context.getRequestParameterMap().get("vm")));
        } catch (ApiException e) {
            problem = e.getMessage();
        }
    }

    /** Issues a relay to the VM's desktop for the signed-in operator; a refusal becomes the page's problem. */
    protected void openRelay(UUID vmId) {
        ExternalContext context = FacesContext.getCurrentInstance().getExternalContext();
        if (!context.isUserInRole("operator") && !context.isUserInRole("admin")) {
            problem = "Opening a desktop needs the operator role.";
            return;
        }
        try {
            RelayService.Issued issued = relays.issue(vmId, context.getRemoteUser());
            relayId = issued.relay().id();
            ticket = issued.ticket();
        } catch (ApiException e) {
            problem = e.getMessage();
        }
    }

    protected void problem(String text) {
        problem = text;
    }

    public UUID getRelayId() {
        return relayId;
    }

    /** This instance's name for the balancer, or "" (the script adds it to the socket's URL). */
    public String getInstance() {
        return relays.instance().orElse("");
    }

    /** The one-time ticket for the page's script; it opens nothing once used or after its minute. */
    public String getTicket() {
        return ticket;
    }

    public String getProblem() {
        return problem;
    }

    /** The relay as it is now (refreshed by the page's poll); null without one. */
    public RelayView getRelay() {
        return relayId == null ? null : relays.find(relayId).map(Relay::view).orElse(null);
    }

    public boolean isFinished() {
        RelayView relay = getRelay();
        return relay == null || "closed".equals(relay.state()) || "failed".equals(relay.state());
    }
}
