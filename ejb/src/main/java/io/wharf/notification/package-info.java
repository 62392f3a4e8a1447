/** The registry's event envelopes: parsing, deduplication and what each push, pull and delete changes. */
package io.wharf.notification;
