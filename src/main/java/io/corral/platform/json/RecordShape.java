package io.corral.platform.json;

import jakarta.json.bind.annotation.JsonbProperty;
import java.lang.reflect.AnnotatedType;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What binding needs to know about a record, found by reflection once per class.
 * Constraint annotations are read from each component's annotated type: {@code @Size} and
 * {@code @NotNull} cannot target record components, so Java does not propagate them there,
 * but as TYPE_USE annotations they stay on the component's type.
 */
final class RecordShape {
    private static final ClassValue<RecordShape> CACHE = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return new RecordShape(type);
        }
    };

    /** One component: its JSON name, annotated type and position in the canonical constructor. */
    record Component(String name, AnnotatedType type, int index) {
    }

    private final Map<String, Component> components = new LinkedHashMap<>();
    private final Constructor<?> constructor;

    private RecordShape(Class<?> type) {
        RecordComponent[] declared = type.getRecordComponents();
        for (int i = 0; i < declared.length; i++) {
            // A JSON name that is a Java keyword ("protected") is given with @JsonbProperty.
            JsonbProperty renamed = declared[i].getAccessor().getAnnotation(JsonbProperty.class);
            String name = renamed == null || renamed.value().isEmpty() ? declared[i].getName() : renamed.value();
            components.put(name, new Component(name, declared[i].getAnnotatedType(), i));
        }
        try {
            constructor = type.getDeclaredConstructor(
                    Arrays.stream(declared).map(RecordComponent::getType).toArray(Class<?>[]::new));
            constructor.setAccessible(true); // records nested in resources are often not public
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException("A record without its canonical constructor: " + type, e);
        }
    }

    static RecordShape of(Class<?> type) {
        return CACHE.get(type);
    }

    Iterable<Component> components() {
        return components.values();
    }

    Component component(String name) {
        return components.get(name);
    }

    int size() {
        return components.size();
    }

    /** The record from its component values; a problem the record's own constructor finds is rethrown as is. */
    Object create(Object[] values) {
        try {
            return constructor.newInstance(values);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException(e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }
}
