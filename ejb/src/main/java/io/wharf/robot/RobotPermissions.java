package io.wharf.robot;

import io.wharf.common.WharfException;
import io.wharf.project.Permission;
import io.wharf.project.RobotGrants;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Harbor's robot permissions ({@code [{kind, namespace, access:[{resource, action, effect}]}]}):
 * checked, stored as JSON, and turned into the permission-table rows of {@link RobotGrants}.
 */
public final class RobotPermissions {
    private static final int MAX_ENTRIES = 200;

    private RobotPermissions() {}

    public record AccessItem(String resource, String action, String effect) {}

    public record Entry(String kind, String namespace, List<AccessItem> access) {}

    /** Throws 400 unless every entry is a known project access; for a project robot, only its own project. */
    public static void check(List<Entry> entries, String level, String projectName) {
        if (entries == null || entries.isEmpty()) throw WharfException.badRequest("permissions must name at least one project and access");
        if (entries.size() > MAX_ENTRIES) throw WharfException.badRequest("at most " + MAX_ENTRIES + " permissions");
        for (Entry e : entries) {
            if (e == null || !"project".equals(e.kind())) throw WharfException.badRequest("permission kind must be project");
            if (e.namespace() == null || e.namespace().isBlank()) throw WharfException.badRequest("permission namespace is required");
            if (Robot.PROJECT.equals(level) && !e.namespace().equals(projectName)) {
                throw WharfException.badRequest("a project robot's permissions must all name its project " + projectName);
            }
            if (RobotGrants.ALL_PROJECTS.equals(e.namespace()) && !Robot.SYSTEM.equals(level)) {
                throw WharfException.badRequest("only a system robot may have permissions on every project (*)");
            }
            if (e.access() == null || e.access().isEmpty()) throw WharfException.badRequest("permission access must not be empty");
            for (AccessItem a : e.access()) {
                if (a == null || RobotGrants.rowsFor(a.resource(), a.action()).isEmpty()) {
                    throw WharfException.badRequest("unknown access " + (a == null ? "null" : a.resource() + ":" + a.action()));
                }
                if (a.effect() != null && !a.effect().isEmpty() && !"allow".equals(a.effect())) {
                    throw WharfException.badRequest("access effect must be allow");
                }
            }
        }
    }

    public static String toJson(List<Entry> entries) {
        JsonArrayBuilder all = Json.createArrayBuilder();
        for (Entry e : entries) {
            JsonArrayBuilder access = Json.createArrayBuilder();
            for (AccessItem a : e.access()) {
                access.add(Json.createObjectBuilder().add("resource", a.resource()).add("action", a.action()).add("effect", "allow"));
            }
            all.add(Json.createObjectBuilder().add("kind", e.kind()).add("namespace", e.namespace()).add("access", access));
        }
        return all.build().toString();
    }

    public static List<Entry> fromJson(String json) {
        List<Entry> result = new ArrayList<>();
        JsonArray array;
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            array = reader.readArray();
        }
        for (JsonValue v : array) {
            JsonObject o = v.asJsonObject();
            List<AccessItem> access = new ArrayList<>();
            for (JsonValue a : o.getJsonArray("access")) {
                JsonObject ao = a.asJsonObject();
                access.add(new AccessItem(ao.getString("resource"), ao.getString("action"), ao.getString("effect", "allow")));
            }
            result.add(new Entry(o.getString("kind"), o.getString("namespace"), List.copyOf(access)));
        }
        return result;
    }

    /** The permission-table rows per project name that these entries stand for. */
    public static Map<String, Set<Permission>> rows(List<Entry> entries) {
        Map<String, Set<Permission>> byProject = new HashMap<>();
        for (Entry e : entries) {
            Set<Permission> rows = byProject.computeIfAbsent(e.namespace(), n -> EnumSet.noneOf(Permission.class));
            for (AccessItem a : e.access()) RobotGrants.rowsFor(a.resource(), a.action()).ifPresent(rows::addAll);
        }
        Map<String, Set<Permission>> frozen = new HashMap<>();
        byProject.forEach((k, v) -> frozen.put(k, Set.copyOf(v)));
        return frozen;
    }
}
