package io.wharf.securityhub;

import io.wharf.common.HarborQuery;
import io.wharf.common.Page;
import io.wharf.common.WharfException;
import io.wharf.scan.ScanVulnerability;
import io.wharf.scanner.Cvss;
import io.wharf.scanner.Severity;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.TypedQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Answers the security hub's two questions from the latest report of every artifact: how vulnerable is the whole
 * registry (totals and the worst offenders), and where is a given vulnerability, package or severity found. Only
 * images count: accessories (a manifest with a subject, or one of cosign's {@code sha256-<hex>.sig|att|sbom} tags)
 * are never scanned and would only dilute "scanned of total".
 */
@Stateless
public class SecurityHub {
    /** The search keys of {@code GET /security/vul}, Harbor's. */
    public static final Set<String> QUERY_KEYS = Set.of("cve_id", "cvss_score_v3", "severity", "status", "repository_name",
            "project_id", "package", "tag", "digest");
    /** Above this, {@code tune_count} answers -1 instead of counting every row. */
    public static final long TUNED_COUNT_LIMIT = 1000;
    private static final int TOP = 5;

    private static final String IMAGE = "a.subjectDigest is null and not exists (select t.id from Tag t where t.artifactId = a.id"
            + " and t.name like 'sha256-%')";

    @PersistenceContext(unitName = "wharf")
    EntityManager em;

    public SecuritySummary summary(boolean withDangerousCves, boolean withDangerousArtifacts) {
        Object[] sums = em.createQuery("select sum(o.critical), sum(o.high), sum(o.medium), sum(o.low), sum(o.unknown),"
                + " sum(o.total), sum(o.fixable) from ScanOverview o where o.scannerName is not null"
                + " and exists (select a.id from Artifact a where a.digest = o.digest and " + IMAGE + ")", Object[].class)
                .getSingleResult();
        long totalArtifacts = em.createQuery("select count(a) from Artifact a where " + IMAGE, Long.class).getSingleResult();
        long scanned = em.createQuery("select count(a) from Artifact a, ScanOverview o where o.digest = a.digest"
                + " and o.scannerName is not null and " + IMAGE, Long.class).getSingleResult();
        return new SecuritySummary(n(sums[0]), n(sums[1]), n(sums[2]), n(sums[3]), 0, n(sums[4]), n(sums[5]), scanned,
                totalArtifacts, n(sums[6]), withDangerousCves ? dangerousCves() : null,
                withDangerousArtifacts ? dangerousArtifacts() : null);
    }

    /** The critical findings with the highest CVSS v3 scores, one line per vulnerability, package and version. */
    private List<SecuritySummary.DangerousCve> dangerousCves() {
        List<ScanVulnerability> rows = em.createQuery("select v from ScanVulnerability v where v.severity = :critical"
                + " and v.cvssScore is not null and v.cvssVersion like '3%'"
                + " and exists (select a.id from Artifact a where a.digest = v.digest and " + IMAGE + ")"
                + " order by v.cvssScore desc, v.vulnerabilityId", ScanVulnerability.class)
                .setParameter("critical", Severity.CRITICAL).setMaxResults(200).getResultList();
        Map<String, SecuritySummary.DangerousCve> top = new LinkedHashMap<>();
        for (ScanVulnerability v : rows) {
            if (top.size() == TOP) break;
            top.putIfAbsent(v.getVulnerabilityId() + '|' + v.getPackageName() + '|' + v.getVersion(),
                    new SecuritySummary.DangerousCve(cveId(v), v.getSeverity().label(), v.getPreferredCvss().score(),
                            v.getDescription(), v.getPackageName(), v.getVersion()));
        }
        return List.copyOf(top.values());
    }

    private List<SecuritySummary.DangerousArtifact> dangerousArtifacts() {
        return em.createQuery("select a.projectId, r.name, a.digest, o.critical, o.high, o.medium"
                + " from Artifact a, RepositoryRecord r, ScanOverview o where r.id = a.repositoryId and o.digest = a.digest"
                + " and o.scannerName is not null and (o.critical > 0 or o.high > 0 or o.medium > 0) and " + IMAGE
                + " order by o.critical desc, o.high desc, o.medium desc, a.id", Object[].class)
                .setMaxResults(TOP).getResultList().stream()
                .map(r -> new SecuritySummary.DangerousArtifact((Long) r[0], (String) r[1], (String) r[2], n(r[3]), n(r[4]), n(r[5])))
                .toList();
    }

    /**
     * One page of findings matching Harbor's query keys (all exact, {@code cvss_score_v3} a range), the highest CVSS
     * scores first. {@code status} is {@code fixed} for a finding with a fixed version, {@code affected} otherwise.
     */
    public Page<VulnerabilityItem> vulnerabilities(HarborQuery query, Integer page, Integer pageSize, boolean tuneCount,
                                                   boolean withTag) {
        int[] p = Page.normalize(page, pageSize);
        StringBuilder where = new StringBuilder(" from ScanVulnerability v, Artifact a, RepositoryRecord r"
                + " where a.digest = v.digest and r.id = a.repositoryId and " + IMAGE);
        Map<String, Object> params = new HashMap<>();
        query.term("cve_id").ifPresent(t -> {
            where.append(" and (v.vulnerabilityId = :cve or concat(concat(' ', v.aliases), ' ') like :cveAlias escape '\\')");
            params.put("cve", t.value());
            params.put("cveAlias", "% " + escapeLike(t.value()) + " %");
        });
        query.term("cvss_score_v3").ifPresent(t -> {
            where.append(" and v.cvssVersion like '3%'");
            if (t.kind() == HarborQuery.Kind.RANGE) {
                if (!t.values().get(0).isEmpty()) { where.append(" and v.cvssScore >= :cvssMin"); params.put("cvssMin", score(t.values().get(0))); }
                if (!t.values().get(1).isEmpty()) { where.append(" and v.cvssScore <= :cvssMax"); params.put("cvssMax", score(t.values().get(1))); }
            } else {
                where.append(" and v.cvssScore = :cvss");
                params.put("cvss", score(t.value()));
            }
        });
        query.term("severity").ifPresent(t -> {
            where.append(" and v.severity = :severity");
            params.put("severity", severity(t.value()));
        });
        query.term("status").ifPresent(t -> {
            switch (t.value().toLowerCase()) {
                case "fixed" -> where.append(" and v.fixVersion is not null and v.fixVersion <> ''");
                case "affected" -> where.append(" and (v.fixVersion is null or v.fixVersion = '')");
                default -> throw WharfException.badRequest("status must be fixed or affected, not '" + t.value() + "'");
            }
        });
        query.term("repository_name").ifPresent(t -> { where.append(" and r.name = :repo"); params.put("repo", t.value()); });
        query.term("project_id").ifPresent(t -> { where.append(" and a.projectId = :project"); params.put("project", id(t.value())); });
        query.term("package").ifPresent(t -> { where.append(" and v.packageName = :pkg"); params.put("pkg", t.value()); });
        query.term("digest").ifPresent(t -> { where.append(" and a.digest = :digest"); params.put("digest", t.value()); });
        query.term("tag").ifPresent(t -> {
            where.append(" and exists (select t2.id from Tag t2 where t2.artifactId = a.id and t2.name = :tag)");
            params.put("tag", t.value());
        });

        // Derby sorts NULL above every number, so unscored findings are put last explicitly.
        TypedQuery<Object[]> rows = em.createQuery("select v, a.id, a.projectId, r.name, a.digest,"
                + " case when v.cvssScore is null then 1 else 0 end as unscored" + where
                + " order by unscored, v.cvssScore desc, v.vulnerabilityId, a.id", Object[].class);
        params.forEach(rows::setParameter);
        List<Object[]> found = rows.setFirstResult((p[0] - 1) * p[1]).setMaxResults(p[1]).getResultList();

        long total;
        if (tuneCount) {
            TypedQuery<Long> probe = em.createQuery("select a.id" + where, Long.class);
            params.forEach(probe::setParameter);
            int seen = probe.setMaxResults((int) TUNED_COUNT_LIMIT + 1).getResultList().size();
            total = seen > TUNED_COUNT_LIMIT ? -1 : seen;
        } else {
            TypedQuery<Long> count = em.createQuery("select count(v)" + where, Long.class);
            params.forEach(count::setParameter);
            total = count.getSingleResult();
        }

        Map<Long, List<String>> tags = withTag ? tagsOf(found.stream().map(r -> (Long) r[1]).toList()) : Map.of();
        List<VulnerabilityItem> items = new ArrayList<>();
        for (Object[] r : found) {
            ScanVulnerability v = (ScanVulnerability) r[0];
            items.add(new VulnerabilityItem((Long) r[2], (String) r[3], (String) r[4],
                    withTag ? tags.getOrDefault((Long) r[1], List.of()) : null, cveId(v), v.getSeverity().label(),
                    v.getFixVersion() == null || v.getFixVersion().isEmpty() ? "affected" : "fixed", cvssV3(v),
                    v.getPackageName(), v.getVersion(), v.getFixVersion(), v.getDescription(), v.getLinks()));
        }
        return new Page<>(items, total, p[0], p[1]);
    }

    private Map<Long, List<String>> tagsOf(List<Long> artifactIds) {
        Map<Long, List<String>> tags = new HashMap<>();
        if (artifactIds.isEmpty()) return tags;
        em.createQuery("select t.artifactId, t.name from Tag t where t.artifactId in :ids order by t.name", Object[].class)
                .setParameter("ids", new LinkedHashSet<>(artifactIds)).getResultList()
                .forEach(r -> tags.computeIfAbsent((Long) r[0], k -> new ArrayList<>()).add((String) r[1]));
        return tags;
    }

    /** The CVE id of a finding: its own id, or the first CVE among its aliases (a GHSA advisory names its CVE there). */
    static String cveId(ScanVulnerability v) {
        if (v.getVulnerabilityId().startsWith("CVE-")) return v.getVulnerabilityId();
        return v.getAliases().stream().filter(a -> a.startsWith("CVE-")).findFirst().orElse(v.getVulnerabilityId());
    }

    /** The CVSS v3 score of a finding: its preferred rating when that is v3, else the first v3 rating it has. */
    static Double cvssV3(ScanVulnerability v) {
        Cvss preferred = v.getPreferredCvss();
        if (preferred != null && preferred.version() != null && preferred.version().startsWith("3")) return preferred.score();
        return v.getCvss().stream().filter(c -> c.version() != null && c.version().startsWith("3") && c.score() != null)
                .map(Cvss::score).findFirst().orElse(null);
    }

    private static Severity severity(String label) {
        try {
            return Severity.fromLabel(label);
        } catch (IllegalArgumentException e) {
            throw WharfException.badRequest("severity must be one of Critical, High, Medium, Low, Unknown, not '" + label + "'");
        }
    }

    private static double score(String text) {
        try {
            double d = Double.parseDouble(text);
            if (d < 0 || d > 10 || Double.isNaN(d)) throw new NumberFormatException();
            return d;
        } catch (NumberFormatException e) {
            throw WharfException.badRequest("cvss_score_v3 must be a number from 0 to 10, not '" + text + "'");
        }
    }

    private static long id(String text) {
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw WharfException.badRequest("project_id must be a number, not '" + text + "'");
        }
    }

    private static String escapeLike(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static long n(Object o) {
        return o == null ? 0 : ((Number) o).longValue();
    }
}
