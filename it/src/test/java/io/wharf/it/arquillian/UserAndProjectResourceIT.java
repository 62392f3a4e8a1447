package io.wharf.it.arquillian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.Http;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonObject;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.EnterpriseArchive;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Harbor v2.0 users, projects and members: shapes, statuses and who may do what. */
@ExtendWith(ArquillianExtension.class)
class UserAndProjectResourceIT {
    @Deployment(testable = false)
    static EnterpriseArchive deployment() { return WharfDeployment.ear(); }

    private WharfApi api;
    private String base;

    @BeforeEach
    void arrange() {
        api = WharfDeployment.api();
        base = WharfDeployment.url() + "/api/v2.0";
    }

    private static String as(String user) { return Http.basic(user, WharfApi.PASSWORD); }

    @Test
    void adminCreatesAUserWhoCannotMakeThemselvesAdmin() {
        String name = WharfApi.unique("u");
        Http.Response created = Http.postJson(base + "/users", "{\"username\":\"" + name + "\",\"password\":\""
                + WharfApi.PASSWORD + "\",\"email\":\"" + name + "@example.com\",\"sysadmin_flag\":true}", api.adminAuth());
        assertEquals(201, created.status(), created.toString());
        String location = created.header("Location").orElseThrow();
        assertTrue(location.matches(".*/api/v2.0/users/\\d+"), location);

        JsonObject me = Http.get(base + "/users/current", "Authorization", as(name)).json();
        assertEquals(name, me.getString("username"));
        assertFalse(me.getBoolean("sysadmin_flag"), "a request body can never make a user admin");
        assertFalse(me.containsKey("password") || me.toString().contains("pbkdf2"));

        long id = me.getJsonNumber("user_id").longValue();
        Http.Response promote = Http.putJson(base + "/users/" + id + "/sysadmin", "{\"sysadmin_flag\":true}", as(name));
        assertEquals(403, promote.status());
        assertEquals("FORBIDDEN", promote.errorCode());
        assertFalse(Http.get(base + "/users/current", "Authorization", as(name)).json().getBoolean("sysadmin_flag"));

        assertEquals(200, Http.putJson(base + "/users/" + id + "/sysadmin", "{\"sysadmin_flag\":true}", api.adminAuth()).status());
        assertTrue(Http.get(base + "/users/current", "Authorization", as(name)).json().getBoolean("sysadmin_flag"));
    }

    @Test
    void onlyAdminsCreateUsersAndBadInputIsExplained() {
        String someone = api.createUser(WharfApi.unique("u"));
        String body = "{\"username\":\"" + WharfApi.unique("x") + "\",\"password\":\"" + WharfApi.PASSWORD + "\"}";
        assertEquals(403, Http.postJson(base + "/users", body, as(someone)).status());
        Http.Response anonymous = Http.postJson(base + "/users", body, null);
        assertEquals(401, anonymous.status());
        assertEquals("UNAUTHORIZED", anonymous.errorCode());

        Http.Response weak = Http.postJson(base + "/users", "{\"username\":\"" + WharfApi.unique("w") + "\",\"password\":\"weak\"}", api.adminAuth());
        assertEquals(400, weak.status());
        assertTrue(weak.json().getJsonArray("errors").getJsonObject(0).getString("message").contains("password"));

        Http.Response duplicate = Http.postJson(base + "/users", "{\"username\":\"" + someone + "\",\"password\":\"" + WharfApi.PASSWORD + "\"}", api.adminAuth());
        assertEquals(409, duplicate.status());
        assertEquals("CONFLICT", duplicate.errorCode());

        Http.Response garbage = Http.postJson(base + "/users", "{not json", api.adminAuth());
        assertEquals(400, garbage.status(), garbage.toString());
        assertFalse(garbage.body().contains("at io.") || garbage.body().contains("Exception"), garbage.body());
    }

    @Test
    void userListIsPagedForAdminsOnly() {
        api.createUser(WharfApi.unique("p"));
        api.createUser(WharfApi.unique("p"));
        Http.Response page = Http.get(base + "/users?page=1&page_size=1", "Authorization", api.adminAuth());
        assertEquals(200, page.status());
        assertEquals(1, page.jsonArray().size());
        assertTrue(Long.parseLong(page.header("X-Total-Count").orElseThrow()) >= 3);
        assertTrue(page.header("Link").orElseThrow().contains("rel=\"next\""));
        assertEquals(400, Http.get(base + "/users?page_size=1000", "Authorization", api.adminAuth()).status());
        String someone = api.createUser(WharfApi.unique("u"));
        assertEquals(403, Http.get(base + "/users", "Authorization", as(someone)).status());
    }

    @Test
    void projectLifecycleWithMembersAndVisibility() {
        String owner = api.createUser(WharfApi.unique("own"));
        String dev = api.createUser(WharfApi.unique("dev"));
        String outsider = api.createUser(WharfApi.unique("out"));
        String name = WharfApi.unique("proj");

        Http.Response created = Http.postJson(base + "/projects", "{\"project_name\":\"" + name + "\",\"metadata\":{\"public\":\"false\"}}", as(owner));
        assertEquals(201, created.status(), created.toString());
        assertEquals(409, Http.postJson(base + "/projects", "{\"project_name\":\"" + name + "\"}", as(owner)).status());

        JsonObject project = Http.get(base + "/projects/" + name, "Authorization", as(owner)).json();
        assertEquals(name, project.getString("name"));
        assertEquals(owner, project.getString("owner_name"));
        assertEquals(1, project.getInt("current_user_role_id"));
        assertEquals("false", project.getJsonObject("metadata").getString("public"));

        // Private: an outsider and an anonymous caller cannot see it.
        assertEquals(404, Http.get(base + "/projects/" + name, "Authorization", as(outsider)).status());
        assertEquals(401, Http.get(base + "/projects/" + name).status());
        assertFalse(Http.get(base + "/projects?page_size=100", "Authorization", as(outsider)).body().contains("\"" + name + "\""));

        Http.Response add = Http.postJson(base + "/projects/" + name + "/members",
                "{\"role_id\":2,\"member_user\":{\"username\":\"" + dev + "\"}}", as(owner));
        assertEquals(201, add.status(), add.toString());
        assertEquals(409, Http.postJson(base + "/projects/" + name + "/members",
                "{\"role_id\":3,\"member_user\":{\"username\":\"" + dev + "\"}}", as(owner)).status());
        assertEquals(400, Http.postJson(base + "/projects/" + name + "/members",
                "{\"role_id\":9,\"member_user\":{\"username\":\"" + outsider + "\"}}", as(owner)).status());
        assertEquals(404, Http.postJson(base + "/projects/" + name + "/members",
                "{\"role_id\":2,\"member_user\":{\"username\":\"nobody-" + name + "\"}}", as(owner)).status());

        // A developer sees the members but cannot add one or raise their own role.
        Http.Response members = Http.get(base + "/projects/" + name + "/members", "Authorization", as(dev));
        assertEquals(200, members.status());
        assertEquals(2, members.jsonArray().size());
        JsonObject devMember = members.jsonArray().getValuesAs(JsonObject.class).stream()
                .filter(m -> m.getString("entity_name").equals(dev)).findFirst().orElseThrow();
        assertEquals("developer", devMember.getString("role_name"));
        assertEquals(403, Http.postJson(base + "/projects/" + name + "/members",
                "{\"role_id\":1,\"member_user\":{\"username\":\"" + outsider + "\"}}", as(dev)).status());
        assertEquals(403, Http.putJson(base + "/projects/" + name + "/members/" + devMember.getJsonNumber("id"),
                "{\"role_id\":1}", as(dev)).status());
        assertEquals(403, Http.putJson(base + "/projects/" + name, "{\"metadata\":{\"public\":\"true\"}}", as(dev)).status());

        // The owner makes it public: now anyone can read it.
        assertEquals(200, Http.putJson(base + "/projects/" + name, "{\"metadata\":{\"public\":\"true\",\"auto_scan\":\"true\"}}", as(owner)).status());
        JsonObject open = Http.get(base + "/projects/" + name).json();
        assertEquals("true", open.getJsonObject("metadata").getString("auto_scan"));
        assertEquals(200, Http.get(base + "/projects/" + name, "Authorization", as(outsider)).status());
    }

    @Test
    void badProjectInputGetsAClearError() {
        String owner = api.createUser(WharfApi.unique("own"));
        for (String bad : new String[] {"UPPER", "a..b", "", "-x", "x".repeat(256)}) {
            Http.Response r = Http.postJson(base + "/projects", "{\"project_name\":\"" + bad + "\"}", as(owner));
            assertEquals(400, r.status(), bad);
            assertEquals("BAD_REQUEST", r.errorCode());
        }
        Http.Response meta = Http.postJson(base + "/projects", "{\"project_name\":\"" + WharfApi.unique("m")
                + "\",\"metadata\":{\"public\":\"maybe\"}}", as(owner));
        assertEquals(400, meta.status());
        assertEquals(401, Http.postJson(base + "/projects", "{\"project_name\":\"" + WharfApi.unique("a") + "\"}", null).status());
        assertEquals(404, Http.get(base + "/projects/does-not-exist-" + WharfApi.unique("z"), "Authorization", api.adminAuth()).status());
    }
}
