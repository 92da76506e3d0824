package io.corral.container;

import org.jboss.arquillian.core.spi.LoadableExtension;

/** Registers {@link ContainerDatabase} with Arquillian on the test JVM's side. */
public class ContainerDatabaseExtension implements LoadableExtension {
    @Override
    public void register(ExtensionBuilder builder) {
        builder.observer(ContainerDatabase.class);
    }
}
