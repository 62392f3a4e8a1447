package io.wharf.it.support;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** Arranging users, projects and members through Wharf's own API, as an administrator would. */
public final class WharfApi {
    public static final String PASSWORD = "Passw0rdX";
    private final String base;
    private final String admin;

    public WharfApi(String base, String adminPassword) {
        this.base = base;
        this.admin = Http.basic("admin", adminPassword);
    }

    public String base() { return base; }
    public String adminAuth() { return admin; }

    /** A name no other test run used, valid as a user or project name. */
    public static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    public String createUser(String username) {
        Http.Response r = Http.postJson(base + "/api/v2.0/users",
                "{\"username\":\"" + username + "\",\"email\":\"" + username + "@example.com\",\"realname\":\"" + username
                        + "\",\"password\":\"" + PASSWORD + "\"}", admin);
        assertEquals(201, r.status(), r.toString());
        return username;
    }

    public String createProject(String name, boolean isPublic) {
        Http.Response r = Http.postJson(base + "/api/v2.0/projects",
                "{\"project_name\":\"" + name + "\",\"metadata\":{\"public\":\"" + isPublic + "\"}}", admin);
        assertEquals(201, r.status(), r.toString());
        return name;
    }

    public void addMember(String project, String username, int roleId) {
        Http.Response r = Http.postJson(base + "/api/v2.0/projects/" + project + "/members",
                "{\"role_id\":" + roleId + ",\"member_user\":{\"username\":\"" + username + "\"}}", admin);
        assertEquals(201, r.status(), r.toString());
    }

    /** A registry token for the user (null user: anonymous) and these scopes. */
    public String token(String user, String password, String... scopes) {
        StringBuilder url = new StringBuilder(base + "/service/token?service=wharf-registry");
        for (String s : scopes) url.append("&scope=").append(URLEncoder.encode(s, StandardCharsets.UTF_8));
        Http.Response r = Http.get(url.toString(), "Authorization", user == null ? null : Http.basic(user, password));
        assertEquals(200, r.status(), r.toString());
        return r.json().getString("token");
    }
}
