/** The access (audit) log: who pushed, pulled or deleted what, and when. */
package io.wharf.audit;
