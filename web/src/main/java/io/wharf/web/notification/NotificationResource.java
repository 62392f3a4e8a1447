package io.wharf.web.notification;

import io.wharf.web.security.InternalOnly;
import io.wharf.notification.EventEnvelope;
import io.wharf.notification.NotificationService;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.logging.Logger;

/**
 * Where the registry posts its event envelopes. A malformed envelope is answered 200 and logged:
 * the registry would otherwise retry it forever. A failure to record (database down) answers 503,
 * so the registry retries, and event ids make the retry harmless.
 */
@Path("service/notifications")
@InternalOnly
public class NotificationResource {
    private static final Logger LOG = Logger.getLogger(NotificationResource.class.getName());

    @Inject NotificationService notifications;

    @POST
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public Response receive(String body) {
        EventEnvelope envelope;
        try {
            envelope = EventEnvelope.parse(body);
        } catch (IllegalArgumentException e) {
            LOG.warning("Ignored a notification that is not an event envelope: " + e.getMessage());
            return Response.ok("{\"applied\":0}").build();
        }
        if (envelope.malformed() > 0) {
            LOG.warning("Ignored " + envelope.malformed() + " malformed event(s) in a notification envelope");
        }
        NotificationService.Outcome outcome = notifications.handle(envelope);
        return Response.ok(Json.createObjectBuilder().add("applied", outcome.applied()).add("duplicates", outcome.duplicates())
                .add("ignored", outcome.ignored()).add("malformed", outcome.malformed()).build().toString()).build();
    }
}
