package io.corral.launcher;

/**
 * The options of {@code corral-launcher.jar run}: each has a command-line flag and an environment
 * variable, the flag winning. One table, so parsing and {@code --help} cannot drift apart.
 */
enum LaunchOption {
    DATA_DIR("--data-dir", "CORRAL_DATA_DIR", "DIR", ".corral",
            "PostgreSQL data, logs, Payara work dirs and launcher.properties (secrets)"),
    STACK_DIR("--stack-dir", "CORRAL_STACK_DIR", "DIR", "<jar dir>/stack",
            "directory holding payara-micro.jar, corral.war and corral-agent.war"),
    HTTP_PORT("--http-port", "CORRAL_HTTP_PORT", "PORT", "8080", "control plane HTTP port (0 = any free port)"),
    AGENT_PORT("--agent-port", "CORRAL_AGENT_PORT", "PORT", "8081", "agent HTTP port (0 = any free port)"),
    PVE_PORT("--pve-port", "CORRAL_PVE_PORT", "PORT", "8006", "Proxmox VE simulator port (0 = any free port)"),
    PROXY_PORT("--proxy-port", "CORRAL_PROXY_PORT", "PORT", "8007", "agent's PVE API proxy port, HTTPS (0 = any free port)"),
    DB_PORT("--db-port", "CORRAL_DB_PORT", "PORT", "15432", "embedded PostgreSQL port (0 = any free port)"),
    DB_URL("--db-url", "CORRAL_DB_URL", "JDBC-URL", "",
            "use this PostgreSQL database instead of the embedded one"),
    DB_USER("--db-user", "CORRAL_DB_USER", "USER", "", "user for --db-url"),
    DB_PASSWORD("--db-password", "CORRAL_DB_PASSWORD", "PASSWORD", "", "password for --db-url"),
    HEARTBEAT_SECONDS("--heartbeat-seconds", "CORRAL_HEARTBEAT_SECONDS", "N", "10",
            "agent heartbeat interval"),
    AGENT_TTL_SECONDS("--agent-ttl-seconds", "CORRAL_AGENT_TTL_SECONDS", "N", "30",
            "an agent silent for this long is offline"),
    PVE_SEED("--pve-seed", "CORRAL_PVE_SEED", "FILE", "",
            "the simulator's nodes and guests as seed JSON (default: 2 nodes, 10 guests)");

    final String flag;
    final String envVar;
    final String valueName;
    final String defaultValue;
    final String description;

    LaunchOption(String flag, String envVar, String valueName, String defaultValue, String description) {
        this.flag = flag;
        this.envVar = envVar;
        this.valueName = valueName;
        this.defaultValue = defaultValue;
        this.description = description;
    }

    static LaunchOption byFlag(String flag) {
        for (LaunchOption option : values()) {
            if (option.flag.equals(flag)) {
                return option;
            }
        }
        throw new IllegalArgumentException("unknown option " + flag + " (see --help)");
    }
}
