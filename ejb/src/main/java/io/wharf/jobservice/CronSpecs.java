package io.wharf.jobservice;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.Instant;
import java.time.ZoneOffset;

/**
 * Cron specs as Harbor writes them: six fields with seconds first ({@code 0 0 * * * *} is hourly),
 * parsed by cron-utils with Spring's definition (which has that shape). Times are UTC.
 */
public final class CronSpecs {
    private static final CronDefinition DEFINITION = CronDefinitionBuilder.instanceDefinitionFor(CronType.SPRING);
    private static final CronParser PARSER = new CronParser(DEFINITION);

    private CronSpecs() {}

    /** @throws IllegalArgumentException when the spec is not a six-field cron expression */
    public static void validate(String spec) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("cron_spec is required for a Periodic job");
        try {
            PARSER.parse(spec).validate();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cron_spec '" + spec + "' is not a six-field cron expression (seconds first): "
                    + e.getMessage());
        }
    }

    /** The first tick strictly after {@code after}. */
    public static Instant next(String spec, Instant after) {
        return ExecutionTime.forCron(PARSER.parse(spec)).nextExecution(after.atZone(ZoneOffset.UTC))
                .map(t -> t.toInstant())
                .orElseThrow(() -> new IllegalArgumentException("cron_spec '" + spec + "' never fires"));
    }
}
