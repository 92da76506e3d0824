package io.corral.console;

import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The console's web settings, read once at deployment (before CDI serves requests, so through
 * {@link ConfigProvider}).
 *
 * @param sessionMinutes  idle minutes before a console session ends ({@code CORRAL_CONSOLE_SESSION_MINUTES})
 * @param secureCookies   whether the session cookie carries {@code Secure}: on when the console is served over
 *                        TLS, or behind a proxy that terminates it ({@code CORRAL_CONSOLE_SECURE_COOKIES})
 */
public record ConsoleSettings(int sessionMinutes, boolean secureCookies) {

    public static ConsoleSettings read() {
        Config config = ConfigProvider.getConfig();
        int minutes = config.getOptionalValue("CORRAL_CONSOLE_SESSION_MINUTES", Integer.class).orElse(60);
        if (minutes < 1 || minutes > 24 * 60) {
            throw new IllegalArgumentException("CORRAL_CONSOLE_SESSION_MINUTES must be between 1 and 1440, not "
                    + minutes);
        }
        boolean secure = config.getOptionalValue("CORRAL_CONSOLE_SECURE_COOKIES", Boolean.class).orElse(false);
        return new ConsoleSettings(minutes, secure);
    }
}
