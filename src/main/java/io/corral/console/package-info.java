/**
 * The admin console's Faces beans (one per page, named {@code …Page}).
 * Calls domain services only; nothing imports it.
 */
package io.corral.console;
