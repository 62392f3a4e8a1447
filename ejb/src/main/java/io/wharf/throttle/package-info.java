/** Slowing down and locking out repeated failed sign-ins, per user name, per client address and per both. */
package io.wharf.throttle;
