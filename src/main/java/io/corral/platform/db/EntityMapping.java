package io.corral.platform.db;

import jakarta.persistence.Column;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The table and column names an entity class maps, read from its annotations. */
record EntityMapping(String table, List<String> columns) {

    static EntityMapping of(Class<?> type) {
        Table table = type.getAnnotation(Table.class);
        String tableName = table != null && !table.name().isEmpty() ? table.name() : type.getSimpleName();
        List<String> columns = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            if (Modifier.isStatic(f.getModifiers()) || Modifier.isTransient(f.getModifiers())
                    || f.isAnnotationPresent(Transient.class) || f.isSynthetic() || f.getName().startsWith("_")) {
                continue;
            }
            Column column = f.getAnnotation(Column.class);
            String name = column != null && !column.name().isEmpty() ? column.name() : f.getName();
            columns.add(name.toLowerCase(Locale.ROOT));
        }
        return new EntityMapping(tableName.toLowerCase(Locale.ROOT), columns);
    }
}
