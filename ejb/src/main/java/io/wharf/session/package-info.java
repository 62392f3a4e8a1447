/** Portal sign-in sessions: random ids kept in Redis, each with its own CSRF token. */
package io.wharf.session;
