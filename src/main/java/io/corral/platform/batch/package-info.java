/**
 * Jakarta Batch on the application's database: the startup check that the server's job repository is there.
 * Knows no domain package; jobs and their artifacts live in their domains.
 */
package io.corral.platform.batch;
