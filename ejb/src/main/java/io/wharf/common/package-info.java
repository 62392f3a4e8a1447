/** Errors and small types shared by every domain. */
package io.wharf.common;
