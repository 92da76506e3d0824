/**
 * Strict reading of JSON request bodies into records: UTF-8 only, one value, exact types, sizes, paths in errors.
 * Uses only platform.error; knows no domain package, no security and no persistence.
 */
package io.corral.platform.json;
