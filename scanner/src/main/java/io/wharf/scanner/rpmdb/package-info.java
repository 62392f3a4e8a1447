/** Reading rpm's package database (SQLite, Berkeley DB hash, ndb) down to each installed package's header. */
package io.wharf.scanner.rpmdb;
