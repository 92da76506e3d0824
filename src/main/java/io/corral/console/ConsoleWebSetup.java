package io.corral.console;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.SessionCookieConfig;
import jakarta.servlet.annotation.WebListener;

import java.util.logging.Logger;

/**
 * Session settings of the console: idle timeout, and a session cookie that is {@code HttpOnly},
 * {@code SameSite=Lax} (no cross-site POST carries it) and {@code Secure} when configured.
 */
@WebListener
public class ConsoleWebSetup implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger(ConsoleWebSetup.class.getName());

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ConsoleSettings settings = ConsoleSettings.read();
        ServletContext context = event.getServletContext();
        context.setSessionTimeout(settings.sessionMinutes());
        SessionCookieConfig cookie = context.getSessionCookieConfig();
        cookie.setHttpOnly(true);
        cookie.setSecure(settings.secureCookies());
        cookie.setAttribute("SameSite", "Lax");
        LOG.info("Console sessions: " + settings.sessionMinutes() + " min idle timeout, cookie HttpOnly, SameSite=Lax"
                + (settings.secureCookies() ? ", Secure" : " (not Secure: set CORRAL_CONSOLE_SECURE_COOKIES=true behind TLS)"));
    }
}
