package io.wharf.tagrules;

import io.wharf.audit.AuditLog;
import io.wharf.audit.AuditLogEntry;
import io.wharf.common.WharfException;
import io.wharf.project.Caller;
import io.wharf.project.Permission;
import io.wharf.project.Project;
import io.wharf.project.ProjectService;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Tag immutability (Harbor's {@code /projects/{p}/immutabletagrules}): rules a project admin keeps,
 * and the check that the gateway, tag and artifact deletes and retention ask before they change a tag.
 */
@Stateless
public class ImmutableTags {
    public static final String ACTION = "immutable";
    public static final String TEMPLATE = "immutable_template";
    /** Harbor keeps at most 15 immutability rules per project. */
    static final int MAX_RULES = 15;

    @Inject ImmutableRuleStore store;
    @Inject ProjectService projects;
    @Inject AuditLog audit;

    /** A rule as the API shows it, with its parsed selectors. */
    public record Rule(ImmutableRule record, TagRule selectors) {
        public String describe() {
            return "immutability rule " + record.getId() + " (repositories " + selectors.repositories().stream()
                    .map(s -> (s.decoration().equals("repoExcludes") ? "not " : "") + s.pattern()).toList()
                    + ", tags " + selectors.tags().stream().map(s -> (s.decoration().equals("excludes") ? "not " : "") + s.pattern()).toList() + ")";
        }
    }

    public List<Rule> list(Caller caller, String project) {
        Project p = projects.get(caller, project);
        projects.require(caller, p, Permission.IMMUTABLE_TAG_RULE_READ, "read the immutability rules");
        return store.ofProject(p.getId()).stream().map(ImmutableTags::parsed).toList();
    }

    public Rule create(Caller caller, String project, JsonObject body) {
        Project p = projects.get(caller, project);
        projects.require(caller, p, Permission.IMMUTABLE_TAG_RULE_MANAGE, "manage the immutability rules");
        Parsed parsed = parse(body);
        if (store.ofProject(p.getId()).size() >= MAX_RULES) throw WharfException.badRequest("a project has at most " + MAX_RULES + " immutability rules");
        ImmutableRule rule = store.add(new ImmutableRule(p.getId(), parsed.priority(), parsed.disabled(), parsed.selectors(), Instant.now()));
        audit.add(new AuditLogEntry(p.getId(), caller.username(), p.getName() + "/immutabletagrules/" + rule.getId(), "create", Instant.now()));
        return parsed(rule);
    }

    public Rule update(Caller caller, String project, long id, JsonObject body) {
        Project p = projects.get(caller, project);
        projects.require(caller, p, Permission.IMMUTABLE_TAG_RULE_MANAGE, "manage the immutability rules");
        ImmutableRule rule = ruleOf(p, id);
        // The portal's enable/disable switch sends only {"disabled": x}.
        if (!body.containsKey("tag_selectors") && !body.containsKey("scope_selectors") && body.get("disabled") != null) {
            rule.set(rule.getPriority(), disabled(body), rule.getSelectors(), Instant.now());
        } else {
            Parsed parsed = parse(body);
            rule.set(parsed.priority(), parsed.disabled(), parsed.selectors(), Instant.now());
        }
        audit.add(new AuditLogEntry(p.getId(), caller.username(), p.getName() + "/immutabletagrules/" + id, "update", Instant.now()));
        return parsed(rule);
    }

    public void delete(Caller caller, String project, long id) {
        Project p = projects.get(caller, project);
        projects.require(caller, p, Permission.IMMUTABLE_TAG_RULE_MANAGE, "manage the immutability rules");
        store.remove(ruleOf(p, id));
        audit.add(new AuditLogEntry(p.getId(), caller.username(), p.getName() + "/immutabletagrules/" + id, "delete", Instant.now()));
    }

    /** The enabled rule that makes this tag immutable, if any. {@code repository} is the name within the project. */
    public Optional<Rule> protecting(long projectId, String repository, String tag) {
        for (ImmutableRule r : store.ofProject(projectId)) {
            if (r.isDisabled()) continue;
            Rule rule = parsed(r);
            if (rule.selectors().coversRepository(repository) && rule.selectors().selectsTag(tag)) return Optional.of(rule);
        }
        return Optional.empty();
    }

    /**
     * Which of these tags of one repository (its name within the project) an enabled rule makes
     * immutable: Harbor's {@code immutable} flag in tag listings. The rules are read once for all.
     */
    public java.util.Set<String> immutableAmong(long projectId, String repository, java.util.Collection<String> tags) {
        if (tags.isEmpty()) return java.util.Set.of();
        List<TagRule> rules = enabledRules(projectId).stream().filter(r -> r.coversRepository(repository)).toList();
        if (rules.isEmpty()) return java.util.Set.of();
        return tags.stream().filter(t -> rules.stream().anyMatch(r -> r.selectsTag(t))).collect(java.util.stream.Collectors.toSet());
    }

    /** Removes every immutability rule of a project that is being deleted (Harbor does so on its project-deleted event). */
    public int projectDeleted(long projectId) {
        List<ImmutableRule> rules = store.ofProject(projectId);
        rules.forEach(store::remove);
        return rules.size();
    }

    /** The enabled rules of a project, for checking many tags at once (retention). */
    public List<TagRule> enabledRules(long projectId) {
        return store.ofProject(projectId).stream().filter(r -> !r.isDisabled()).map(r -> parsed(r).selectors()).toList();
    }

    /**
     * Refuses (412, Harbor's PRECONDITION) a delete that would remove one of these tags while a rule protects it.
     * {@code fullRepository} is {@code project/name}.
     */
    public void refuseDelete(long projectId, String fullRepository, List<String> tags, String what) {
        String repository = fullRepository.substring(fullRepository.indexOf('/') + 1);
        for (String tag : tags) {
            Optional<Rule> rule = protecting(projectId, repository, tag);
            if (rule.isPresent()) {
                throw new WharfException(412, "PRECONDITION", "cannot delete " + what + ": tag " + fullRepository + ":" + tag
                        + " is immutable by " + rule.get().describe());
            }
        }
    }

    private ImmutableRule ruleOf(Project p, long id) {
        return store.find(id).filter(r -> r.getProjectId().equals(p.getId()))
                .orElseThrow(() -> WharfException.notFound("immutability rule " + id + " not found in " + p.getName()));
    }

    private record Parsed(int priority, boolean disabled, String selectors) {}

    private static Parsed parse(JsonObject body) {
        if (body == null) throw WharfException.badRequest("a JSON body with tag_selectors and scope_selectors is required");
        JsonValue action = body.get("action");
        if (action != null && action != JsonValue.NULL && !(action.getValueType() == JsonValue.ValueType.STRING && ACTION.equals(body.getString("action")))) {
            throw WharfException.badRequest("action must be " + ACTION);
        }
        JsonValue template = body.get("template");
        if (template != null && template != JsonValue.NULL && !(template.getValueType() == JsonValue.ValueType.STRING && TEMPLATE.equals(body.getString("template")))) {
            throw WharfException.badRequest("template must be " + TEMPLATE);
        }
        TagRule rule;
        try {
            rule = TagRule.parse(body, "rule");
        } catch (IllegalArgumentException e) {
            throw WharfException.badRequest(e.getMessage());
        }
        JsonValue priority = body.get("priority");
        if (priority != null && priority != JsonValue.NULL && priority.getValueType() != JsonValue.ValueType.NUMBER) {
            throw WharfException.badRequest("priority must be a number");
        }
        int p = priority instanceof jakarta.json.JsonNumber n ? n.intValue() : 0;
        String selectors = Json.createObjectBuilder().add("tag_selectors", rule.tagSelectorsJson())
                .add("scope_selectors", rule.scopeSelectorsJson()).build().toString();
        return new Parsed(p, disabled(body), selectors);
    }

    private static boolean disabled(JsonObject body) {
        JsonValue d = body.get("disabled");
        if (d == null || d == JsonValue.NULL) return false;
        if (d != JsonValue.TRUE && d != JsonValue.FALSE) throw WharfException.badRequest("disabled must be true or false");
        return d == JsonValue.TRUE;
    }

    static Rule parsed(ImmutableRule r) {
        try (var reader = Json.createReader(new StringReader(r.getSelectors()))) {
            return new Rule(r, TagRule.parse(reader.readObject(), "rule " + r.getId()));
        }
    }
}
