/** The vulnerability feeds updater: conditional, capped downloads through the environment's proxy, checked before import. */
package io.wharf.scanner.feeds;
