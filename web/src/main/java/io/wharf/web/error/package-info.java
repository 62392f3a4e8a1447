/** Exception mappers that answer in each API's own error format, never with a stack trace. */
package io.wharf.web.error;
