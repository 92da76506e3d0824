/** The audit log: who did what, from the console or the API, allowed or refused. */
package io.corral.platform.audit;
