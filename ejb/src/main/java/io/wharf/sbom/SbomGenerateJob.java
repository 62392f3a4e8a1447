package io.wharf.sbom;

import io.wharf.jobservice.JobContext;
import io.wharf.jobservice.JobType;
import io.wharf.registry.RegistryReference;
import io.wharf.registry.RepositoryName;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code SBOM_GENERATE}: one artifact's SBOM built and pushed as its accessory ({@link SbomGenerator}).
 * A failed attempt is retried up to {@code max_fails}; its status reaches the SBOM report through
 * {@link SbomLifecycle}.
 */
@ApplicationScoped
public class SbomGenerateJob implements JobType {
    public static final String NAME = "SBOM_GENERATE";
    public static final String REPORT_ID = "report_id";
    public static final String REPOSITORY = "repository";
    public static final String DIGEST = "digest";

    private static final Pattern ID_PATTERN = Pattern.compile("[A-Za-z0-9-]{1,40}");

    @Inject @ConfigProperty(name = "sbom.job.max_fails", defaultValue = "2")
    int maxFails;

    @Inject SbomGenerator generator;

    @Override public String name() { return NAME; }
    @Override public int maxFails() { return Math.max(1, maxFails); }

    @Override
    public void validate(JsonObject parameters) {
        String id = string(parameters, REPORT_ID);
        if (id == null || !ID_PATTERN.matcher(id).matches()) throw new IllegalArgumentException(REPORT_ID + " must be an SBOM report id");
        String problem = RepositoryName.problem(string(parameters, REPOSITORY));
        if (problem != null) throw new IllegalArgumentException(REPOSITORY + ": " + problem);
        String digest = string(parameters, DIGEST);
        if (digest == null || !RegistryReference.validDigest(digest)) throw new IllegalArgumentException(DIGEST + " must be a digest such as sha256:<hex>");
    }

    @Override
    public void run(JobContext context) throws Exception {
        JsonObject p = context.parameters();
        generator.generate(p.getString(REPORT_ID), p.getString(REPOSITORY), p.getString(DIGEST), context);
    }

    private static String string(JsonObject o, String key) {
        JsonValue v = o.get(key);
        return v instanceof JsonString s ? s.getString() : null;
    }
}
