package io.corral.console;

import io.corral.platform.security.Role;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The VM pages' action methods ask {@link ConsoleUser#may} before anything else: with a role that may not
 * act, they touch no service at all (the page's services are absent here, so any use would throw).
 */
class VmActionPageTest {
    private final List<String> asked = new ArrayList<>();
    private final UUID vm = UUID.randomUUID();

    /** A viewer: every check is refused (and recorded). */
    private final ConsoleUser viewer = new ConsoleUser() {
        @Override
        public boolean may(Role needed, String action, String targetType, String targetId) {
            asked.add(needed.value() + " " + action + " " + targetType + " " + targetId);
            return false;
        }
    };

    private VmsPage page() {
        VmsPage page = new VmsPage();
        page.me = viewer;
        return page;
    }

    @Test
    void aRefusedActionAsksTheRoleFirstAndTouchesNothing() {
        VmsPage page = page();
        page.ask("stop", vm);
        page.ask("destroy", vm);
        page.askSelected("hibernate");
        page.confirm();
        page.toggleProtection(vm);

        assertThat(asked).containsExactly("operator vm.stop vm " + vm, "operator vm.destroy vm " + vm,
                "operator vm.hibernate vm ", "operator vm.action vm null", "operator vm.protection vm " + vm);
        assertThat(page.getPending()).as("no confirm dialog opened").isNull();
        assertThat(page.getQueued()).as("nothing queued").isEmpty();
    }

    @Test
    void anUnknownActionIsRefusedToo() {
        VmsPage page = page();
        page.ask("reboot-everything", vm);
        assertThat(asked).containsExactly("operator vm.action vm " + vm);
    }
}
