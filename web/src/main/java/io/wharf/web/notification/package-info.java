/** The registry's notification endpoint /service/notifications (internal secret only). */
package io.wharf.web.notification;
