package io.corral.console;

import io.corral.platform.json.Jsons;
import io.corral.auth.CredentialAccessView;
import io.corral.auth.CredentialService;
import io.corral.auth.CredentialStatus;
import io.corral.auth.RevealedCredentialView;
import io.corral.platform.error.ApiException;
import io.corral.platform.rest.Ids;
import io.corral.platform.security.Role;
import jakarta.annotation.PostConstruct;
import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.json.JsonWriter;
import jakarta.json.stream.JsonGenerator;
import org.primefaces.PrimeFaces;

import java.io.Serializable;
import java.io.StringWriter;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Faces bean of {@code console/credentials.xhtml}: the vault's metadata (operators, as the API), reveal and
 * the access trail (admins, as the API). A revealed secret lives only in the answer to the reveal: it is kept
 * for that one request, never in the view, and the page's script blanks it when its dialog closes.
 */
@Named
@ViewScoped
public class CredentialsPage implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final String REVEALED = CredentialsPage.class.getName() + ".revealed";

    @Inject
    CredentialService vault;

    @Inject
    ConsoleUser me;

    private CredentialsModel model;
    private String provider;
    private String status;
    private String trailOf;
    private List<CredentialAccessView> trail = List.of();

    @PostConstruct
    void init() {
        model = new CredentialsModel(vault);
    }

    public CredentialsModel getModel() {
        return model;
    }

    public String getProvider() {
        return provider;
    }

    public void setProvider(String provider) {
        this.provider = provider == null || provider.isBlank() ? null : provider;
        model.filter(this.provider, CredentialStatus.parse(status));
    }

    public String getStatus() {
        return status;
    }

    public void setStatus(String status) {
        this.status = CredentialStatus.parse(status) == null ? null : status;
        model.filter(provider, CredentialStatus.parse(this.status));
    }

    public List<String> getProviders() {
        return vault.providers();
    }

    public List<String> getStatuses() {
        return Arrays.stream(CredentialStatus.values()).map(CredentialStatus::value).toList();
    }

    public String at(OffsetDateTime t) {
        return ClockText.at(t);
    }

    /** Reveals the credential named by the request parameter {@code credential}; audited either way. */
    public void reveal() {
        String id = param("credential");
        if (!me.may(Role.ADMIN, "credential.reveal", "credential", id)) {
            return;
        }
        try {
            RevealedCredentialView revealed = vault.reveal(Ids.parse("credential", id), me.getName());
            me.did("credential.reveal", "credential", id, revealed.provider()
                    + (revealed.label() == null ? "" : " " + revealed.label()));
            FacesContext.getCurrentInstance().getAttributes().put(REVEALED, revealed);
            PrimeFaces.current().ajax().addCallbackParam("revealed", true);
        } catch (ApiException e) {
            me.failed("credential.reveal", "credential", id, e.getMessage());
            ConsoleMessages.error("Could not reveal", e.getMessage());
        }
    }

    /** The credential revealed by this request, or null: nothing of it outlives the request. */
    public RevealedCredentialView getRevealed() {
        return (RevealedCredentialView) FacesContext.getCurrentInstance().getAttributes().get(REVEALED);
    }

    /** The revealed credentials as indented JSON. */
    public String getRevealedText() {
        RevealedCredentialView r = getRevealed();
        if (r == null) {
            return "";
        }
        StringWriter out = new StringWriter();
        try (JsonWriter w = Jsons.JSON.createWriterFactory(Map.of(JsonGenerator.PRETTY_PRINTING, true)).createWriter(out)) {
            w.writeObject(r.credentials());
        }
        return out.toString().strip();
    }

    /** Loads the access trail of the credential named by the request parameter {@code credential}. */
    public void showTrail() {
        String id = param("credential");
        trail = List.of();
        trailOf = null;
        if (!me.may(Role.ADMIN, "credential.trail", "credential", id)) {
            return;
        }
        try {
            trail = vault.trail(Ids.parse("credential", id), 100);
            trailOf = id;
            PrimeFaces.current().ajax().addCallbackParam("trail", true);
        } catch (ApiException e) {
            ConsoleMessages.error("Could not read the trail", e.getMessage());
        }
    }

    public String getTrailOf() {
        return trailOf;
    }

    public List<CredentialAccessView> getTrail() {
        return trail;
    }

    private static String param(String name) {
        return FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get(name);
    }
}
