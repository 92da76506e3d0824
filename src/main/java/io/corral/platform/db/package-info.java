/**
 * The data source, schema migrations and the small JDBC helper for the classes that keep their own SQL.
 * Knows no domain package.
 */
package io.corral.platform.db;
