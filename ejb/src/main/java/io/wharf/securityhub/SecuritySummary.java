package io.wharf.securityhub;

import java.util.List;

/**
 * Harbor's security summary: findings of the latest reports of every artifact, by severity, and how many of the
 * artifacts have been scanned. Accessories (signatures, SBOMs) are not counted: they are not images.
 */
public record SecuritySummary(long criticalCnt, long highCnt, long mediumCnt, long lowCnt, long noneCnt, long unknownCnt,
                              long totalVuls, long scannedCnt, long totalArtifact, long fixableCnt,
                              List<DangerousCve> dangerousCves, List<DangerousArtifact> dangerousArtifacts) {

    /** A critical finding with one of the highest CVSS v3 scores, with the package it was found in. */
    public record DangerousCve(String cveId, String severity, Double cvssScoreV3, String desc, String packageName, String version) {}

    /** An artifact among those with the most critical, then high, then medium findings. */
    public record DangerousArtifact(long projectId, String repositoryName, String digest, long criticalCnt, long highCnt,
                                    long mediumCnt) {}
}
