package io.corral.console;

import io.corral.fleet.TargetRequest;

import java.io.Serializable;

/** The fields of the console's "add SSH target" form. */
public class TargetForm implements Serializable {
    private static final long serialVersionUID = 1L;

    private String name;
    private String host;
    private Integer port;
    private String user;
    private String keyRef;
    private String hostKey;

    void clear() {
        name = null;
        host = null;
        port = null;
        user = null;
        keyRef = null;
        hostKey = null;
    }

    TargetRequest request() {
        return new TargetRequest(trim(name), trim(host), port, trim(user), trim(keyRef), trim(hostKey), null, null);
    }

    private static String trim(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    public String getName() { return name; }
    public void setName(String name) { this.name = name; }
    public String getHost() { return host; }
    public void setHost(String host) { this.host = host; }
    public Integer getPort() { return port; }
    public void setPort(Integer port) { this.port = port; }
    public String getUser() { return user; }
    public void setUser(String user) { this.user = user; }
    public String getKeyRef() { return keyRef; }
    public void setKeyRef(String keyRef) { this.keyRef = keyRef; }
    public String getHostKey() { return hostKey; }
    public void setHostKey(String hostKey) { this.hostKey = hostKey; }
}
