package io.wharf.scanner.cli;

import io.wharf.scanner.Cvss;
import io.wharf.scanner.Finding;
import io.wharf.scanner.JsonSupport;
import jakarta.json.JsonObjectBuilder;

/**
 * A finding's rating in Harbor's report 1.1 terms: {@code preferred_cvss {score_v3, score_v2, vector_v3, vector_v2}}
 * (plus Wharf's {@code version}, {@code vector}, {@code score}, {@code source} of the preferred one), {@code cwe_ids},
 * {@code vendor_attributes.CVSS.nvd {V3Score, V3Vector, V2Score, V2Vector}} when the NVD rates it, and
 * {@code severity_source}.
 */
final class HarborCvss {
    private HarborCvss() {
    }

    static void addTo(JsonObjectBuilder v, Finding f) {
        Cvss preferred = f.preferredCvss();
        Cvss v3 = preferred != null && preferred.isV3() ? preferred : first(f, null, true);
        Cvss v2 = preferred != null && preferred.isV2() ? preferred : first(f, null, false);
        JsonObjectBuilder p = JsonSupport.PROVIDER.createObjectBuilder();
        if (v3 != null) {
            addScore(p, "score_v3", v3.score());
            addText(p, "vector_v3", v3.vector());
        }
        if (v2 != null) {
            addScore(p, "score_v2", v2.score());
            addText(p, "vector_v2", v2.vector());
        }
        if (preferred != null) {
            addText(p, "version", preferred.version());
            addText(p, "vector", preferred.vector());
            addScore(p, "score", preferred.score());
            addText(p, "source", preferred.source());
        }
        v.add("preferred_cvss", p);
        v.add("cwe_ids", JsonSupport.PROVIDER.createArrayBuilder(f.cweIds()));
        Cvss nvd3 = first(f, "nvd", true);
        Cvss nvd2 = first(f, "nvd", false);
        if (nvd3 != null || nvd2 != null) {
            JsonObjectBuilder nvd = JsonSupport.PROVIDER.createObjectBuilder();
            if (nvd3 != null) {
                addScore(nvd, "V3Score", nvd3.score());
                addText(nvd, "V3Vector", nvd3.vector());
            }
            if (nvd2 != null) {
                addScore(nvd, "V2Score", nvd2.score());
                addText(nvd, "V2Vector", nvd2.vector());
            }
            v.add("vendor_attributes", JsonSupport.PROVIDER.createObjectBuilder()
                    .add("CVSS", JsonSupport.PROVIDER.createObjectBuilder().add("nvd", nvd)));
        }
        if (f.severitySource() != null) {
            v.add("severity_source", f.severitySource());
        }
    }

    /** The first v3.x (or v2) rating of the finding, from the given source or any. */
    private static Cvss first(Finding f, String source, boolean v3) {
        for (Cvss c : f.cvss()) {
            if ((source == null || source.equals(c.source())) && (v3 ? c.isV3() : c.isV2())) {
                return c;
            }
        }
        return null;
    }

    private static void addScore(JsonObjectBuilder b, String key, Double score) {
        if (score != null) {
            b.add(key, score);
        }
    }

    private static void addText(JsonObjectBuilder b, String key, String text) {
        if (text != null) {
            b.add(key, text);
        }
    }
}
