package io.corral.agent.ssh;

import com.jcraft.jsch.HostKey;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.UserInfo;
import java.security.MessageDigest;

/**
 * A host key repository that knows exactly one key, the target's pinned one. Anything else is
 * {@link #CHANGED}: with strict checking JSch refuses it; nothing is ever added ("accept new").
 */
final class HostKeyPin implements HostKeyRepository {

    private final PinnedHostKey pinned;
    private volatile boolean mismatch;

    HostKeyPin(PinnedHostKey pinned) {
        this.pinned = pinned;
    }

    @Override
    public int check(String host, byte[] key) {
        if (key != null && MessageDigest.isEqual(pinned.blob(), key)) {
            return OK;
        }
        mismatch = true;
        return CHANGED;
    }

    /** True once the server presented a key other than the pinned one. */
    boolean mismatchSeen() {
        return mismatch;
    }

    @Override
    public void add(HostKey hostkey, UserInfo ui) {
        // Never learn keys.
    }

    @Override
    public void remove(String host, String type) {
    }

    @Override
    public void remove(String host, String type, byte[] key) {
    }

    @Override
    public String getKnownHostsRepositoryID() {
        return "corral-pinned-host-key";
    }

    @Override
    public HostKey[] getHostKey() {
        return known();
    }

    @Override
    public HostKey[] getHostKey(String host, String type) {
        return known();
    }

    private HostKey[] known() {
        try {
            return new HostKey[] {new HostKey("pinned", pinned.blob())};
        } catch (JSchException e) {
            return new HostKey[0];
        }
    }
}
