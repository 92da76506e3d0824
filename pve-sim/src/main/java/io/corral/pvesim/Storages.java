package io.corral.pvesim;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The storages of every simulated node, as a fresh PVE install on LVM sets them up: {@code local}
 * (a directory for ISO images, container templates and backups) and {@code local-lvm} (LVM-thin for
 * VM disks and container volumes). Errors as PVE's storage layer words them.
 */
final class Storages {

    /** One storage: its id, its plugin type and the content types it accepts. */
    record Storage(String id, String type, Set<String> content) {

        boolean holds(String contentType) {
            return content.contains(contentType);
        }
    }

    static final List<Storage> ALL = List.of(
            new Storage("local", "dir", Set.of("iso", "vztmpl", "backup")),
            new Storage("local-lvm", "lvmthin", Set.of("images", "rootdir")));

    // PVE::Storage::Plugin::parse_volume_id.
    private static final Pattern VOLUME_ID = Pattern.compile("(?i)([a-z][a-z0-9_.-]*[a-z0-9]):(.+)", Pattern.DOTALL);
    private static final Pattern DIR_ISO = Pattern.compile("iso/[^/]+\\.(?i:iso|img)");
    private static final Pattern DIR_TEMPLATE = Pattern.compile("vztmpl/[^/]+\\.(tar\\.(gz|xz|zst|bz2)|tgz)");
    private static final Pattern DIR_BACKUP = Pattern.compile("backup/[^/]+");
    private static final Pattern DIR_IMAGE = Pattern.compile("\\d+/(vm|base)-\\d+-disk-\\d+\\.(raw|qcow2|vmdk)");
    private static final Pattern LVM_IMAGE = Pattern.compile("(vm|base)-\\d+-\\S+");

    private Storages() {
    }

    /** The storage, or {@code 500 storage 'x' does not exist}. */
    static Storage require(String id) {
        return ALL.stream().filter(s -> s.id().equals(id)).findFirst()
                .orElseThrow(() -> PveException.internal("storage '" + id + "' does not exist"));
    }

    /** {@code local-lvm:vm-100-disk-0} → {@code [local-lvm, vm-100-disk-0]}; null for a path or garbage. */
    static String[] volumeId(String volid) {
        Matcher m = VOLUME_ID.matcher(volid);
        return m.matches() ? new String[] {m.group(1), m.group(2)} : null;
    }

    /**
     * The content type of a volume on its storage ({@code images}, {@code iso}, {@code vztmpl},
     * {@code backup}), as the storage plugin parses its name; fails as PVE does for an unknown
     * storage or a name the plugin cannot parse.
     */
    static String contentOf(String storeid, String volname) {
        Storage storage = require(storeid);
        if (storage.type().equals("lvmthin")) {
            if (LVM_IMAGE.matcher(volname).matches()) {
                return "images";
            }
            throw PveException.internal("unable to parse lvm volume name '" + volname + "'");
        }
        if (DIR_ISO.matcher(volname).matches()) {
            return "iso";
        }
        if (DIR_TEMPLATE.matcher(volname).matches()) {
            return "vztmpl";
        }
        if (DIR_BACKUP.matcher(volname).matches()) {
            return "backup";
        }
        if (DIR_IMAGE.matcher(volname).matches()) {
            return "images";
        }
        throw PveException.internal("unable to parse directory volume name '" + volname + "'");
    }
}
