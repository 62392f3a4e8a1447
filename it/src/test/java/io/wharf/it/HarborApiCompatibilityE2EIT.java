package io.wharf.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.wharf.it.support.HarborSpec;
import io.wharf.it.support.Http;
import io.wharf.it.support.Images;
import io.wharf.it.support.OtherRegistry;
import io.wharf.it.support.Stack;
import io.wharf.it.support.WharfApi;
import jakarta.json.JsonObject;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Harbor's own swagger against the started stack: every operation of the core tags is called as
 * the swagger describes it (path, method, parameters, body), and each 2xx answer is validated
 * against the schema the swagger declares for it. An operation answers and validates, answers
 * wrongly (a status the swagger does not declare as success, or a body its schema rejects), or is
 * missing (404/405 for a call on things that exist). Operations Wharf deliberately leaves out are
 * listed with the reason; every other core operation must be called here.
 */
class HarborApiCompatibilityE2EIT {
    static final Set<String> CORE_TAGS = Set.of("project", "repository", "artifact", "scan", "scanAll", "user", "member",
            "auditlog", "ping", "systeminfo");

    /** Core operations Wharf does not implement, and why. */
    static final Map<String, String> NOT_IMPLEMENTED = Map.of(
            "getCert", "Wharf has no registry root CA of its own: clients trust the HTTPS certificate of Wharf's URL itself",
            "setCliSecret", "CLI secrets belong to OIDC users (Harbor answers 412 in any other auth mode); Wharf has no OIDC sign-in");

    /**
     * The tags added since the core ones: every operation Wharf implements there is called below;
     * replication belongs to its own test (ReplicationE2EIT's area) and is left out here.
     */
    static final Set<String> NEWER_TAGS = Set.of("label", "robot", "webhook", "webhookjob", "quota", "immutable", "Retention", "gc",
            "registry", "configure", "usergroup", "Ldap", "health", "statistic", "search", "permissions", "SystemCVEAllowlist",
            "projectMetadata", "scanner", "schedule", "securityhub", "purge", "jobservice", "icon", "oidc", "scan data export",
            "preheat");

    /** Operations of the newer tags Wharf does not implement (or that need what this stack has not), and why. */
    static final Map<String, String> NEWER_NOT_CALLED = notCalled();

    static Map<String, String> notCalled() {
        Map<String, String> m = new LinkedHashMap<>();
        String ldap = "needs a directory (slapd): LdapAuthE2EIT calls it against one";
        for (String id : List.of("importLdapUser", "searchLdapUser", "searchLdapGroup", "pingLdap", "createUserGroup", "getUserGroup",
                "updateUserGroup", "deleteUserGroup")) m.put(id, ldap);
        m.put("pingOIDC", "Wharf has no OIDC sign-in");
        m.put("getInternalconfig", "Harbor's components read it among themselves; Wharf has no such components");
        m.put("getIcon", "the portal's artifact-type icons: Wharf's portal draws its own");
        String preheat = "P2P preheat (Dragonfly, Kraken) is not in Wharf";
        for (String id : List.of("ListProviders", "PingInstances", "ListInstances", "CreateInstance", "GetInstance", "DeleteInstance",
                "UpdateInstance", "CreatePolicy", "ListPolicies", "GetPolicy", "UpdatePolicy", "ManualPreheat", "DeletePolicy",
                "ListExecutions", "GetExecution", "StopExecution", "ListTasks", "GetPreheatLog", "ListProvidersUnderProject")) m.put(id, preheat);
        String purge = "audit log rotation is not in Wharf yet";
        for (String id : List.of("getPurgeHistory", "getPurgeJob", "stopPurge", "getPurgeJobLog", "getPurgeSchedule", "createPurgeSchedule",
                "updatePurgeSchedule")) m.put(id, purge);
        String export = "CSV export of scan data is not in Wharf yet";
        for (String id : List.of("exportScanData", "getScanDataExportExecution", "getScanDataExportExecutionList", "downloadScanData")) m.put(id, export);
        String jobs = "Wharf's job service has its own API (/api/v1/jobs, JobServiceE2EIT), not Harbor's worker pools";
        for (String id : List.of("getWorkerPools", "getWorkers", "stopRunningJob", "actionGetJobLog", "listJobQueues", "actionPendingJobs",
                "listSchedules", "getSchedulePaused")) m.put(id, jobs);
        String scanners = "the scanner is built in: one fixed registration (GET .../scanner), no pluggable scanners to register";
        for (String id : List.of("listScanners", "createScanner", "pingScanner", "getScanner", "updateScanner", "deleteScanner",
                "setScannerAsDefault", "getScannerMetadata")) m.put(id, scanners);
        String metadata = "project metadata is read and written through the project (GET/PUT /projects/{p}), not one key at a time yet";
        for (String id : List.of("listProjectMetadatas", "addProjectMetadatas", "getProjectMetadata", "updateProjectMetadata",
                "deleteProjectMetadata")) m.put(id, metadata);
        m.put("getPermissions", "the list of permissions robots may hold is not served yet");
        m.put("ListWebhookJobs", "deprecated in Harbor 2.x in favour of the executions and tasks of a policy");
        m.put("LastTrigger", "deprecated in Harbor 2.x: the executions of each policy say when it last ran");
        return m;
    }

    /**
     * Where Harbor's swagger and Harbor's own answers differ, Wharf answers as Harbor does: the swagger
     * types every value of {@code ExtraAttrs} (webhook executions and tasks) and of a retention rule's
     * {@code params} as an object (Go's {@code interface{}}), while Harbor writes strings and numbers
     * there ({@code "event_type":"PUSH_ARTIFACT"}, {@code "latestPushedK":3}), which Harbor's own
     * generated clients read as any value.
     */
    static final List<Pattern> SWAGGER_QUIRKS = List.of(
            Pattern.compile("/extra_attrs/[^/:]+: (string|integer|number|boolean) found, object expected$"),
            Pattern.compile("/rules/\\d+/params/[^/:]+: (string|integer|number|boolean) found, object expected$"));

    enum Verdict { VALID, INVALID, MISSING }

    record Outcome(String operation, Verdict verdict, String detail) {}

    final HarborSpec spec = HarborSpec.load();
    final WharfApi api = new WharfApi(Stack.url(), Stack.adminPassword());
    final Map<String, Outcome> outcomes = new LinkedHashMap<>();

    @Test
    void everyCoreOperationOfHarborsSwaggerAnswersAsTheSwaggerSays(@TempDir Path dir) throws Exception {
        String admin = api.adminAuth();
        String project = WharfApi.unique("compat");
        String user = WharfApi.unique("compatuser");

        call("getPing", Map.of(), null, null, admin);
        call("getSystemInfo", Map.of(), null, null, null);
        call("getVolumes", Map.of(), null, null, admin);

        // Users.
        call("createUser", Map.of(), null, "{\"username\":\"" + user + "\",\"email\":\"" + user + "@example.com\","
                + "\"realname\":\"Compat User\",\"password\":\"" + WharfApi.PASSWORD + "\",\"comment\":\"made by the test\"}", admin);
        call("listUsers", Map.of(), "page=1&page_size=10&sort=-creation_time", null, admin);
        Http.Response found = call("searchUsers", Map.of(), "username=" + user, null, admin);
        long userId = found.status() == 200 && !found.jsonArray().isEmpty()
                ? found.jsonArray().getJsonObject(0).getJsonNumber("user_id").longValue() : userIdOf(user);
        call("getUser", Map.of("user_id", userId), null, null, admin);
        call("getCurrentUserInfo", Map.of(), null, null, admin);
        call("updateUserProfile", Map.of("user_id", userId), null,
                "{\"email\":\"" + user + "@example.org\",\"realname\":\"Compat Renamed\",\"comment\":\"profile updated\"}", admin);
        call("setUserSysAdmin", Map.of("user_id", userId), null, "{\"sysadmin_flag\":false}", admin);
        call("updateUserPassword", Map.of("user_id", userId), null, "{\"new_password\":\"" + WharfApi.PASSWORD + "2\"}", admin);
        call("getCurrentUserPermissions", Map.of(), "scope=/system&relative=true", null, admin);

        // Projects and members.
        call("createProject", Map.of(), null, "{\"project_name\":\"" + project + "\",\"metadata\":{\"public\":\"false\","
                + "\"auto_scan\":\"false\",\"severity\":\"high\"},\"storage_limit\":-1}", admin);
        call("headProject", Map.of(), "project_name=" + project, null, admin);
        call("listProjects", Map.of(), "name=" + project + "&page=1&page_size=5&sort=-creation_time&with_detail=true", null, admin);
        call("getProject", Map.of("project_name_or_id", project), null, null, admin);
        call("updateProject", Map.of("project_name_or_id", project), null, "{\"metadata\":{\"auto_scan\":\"false\"}}", admin);
        call("createProjectMember", Map.of("project_name_or_id", project), null,
                "{\"role_id\":3,\"member_user\":{\"username\":\"" + user + "\"}}", admin);
        Http.Response members = call("listProjectMembers", Map.of("project_name_or_id", project), "entityname=" + user, null, admin);
        long memberId = members.jsonArray().stream().map(JsonObject.class::cast)
                .filter(m -> m.getString("entity_name").equals(user)).findFirst().orElseThrow().getJsonNumber("id").longValue();
        call("getProjectMember", Map.of("project_name_or_id", project, "mid", memberId), null, null, admin);
        call("updateProjectMember", Map.of("project_name_or_id", project, "mid", memberId), null, "{\"role_id\":2}", admin);
        call("getProjectSummary", Map.of("project_name_or_id", project), null, null, admin);
        call("getScannerOfProject", Map.of("project_name_or_id", project), null, null, admin);
        call("listScannerCandidatesOfProject", Map.of("project_name_or_id", project), "page=1&page_size=10", null, admin);

        // An image, pushed as a user would, then the repository and artifact API on it.
        Path layout = Images.build(dir);
        Path digestFile = dir.resolve("digest");
        var pushed = Images.copy("oci:" + layout + ":v1", "docker://" + Stack.host() + "/" + project + "/app:v1", null,
                "admin:" + Stack.adminPassword(), digestFile);
        assertTrue(pushed.ok(), pushed::toString);
        String digest = Files.readString(digestFile).strip();
        Map<String, Object> app = Map.of("project_name", project, "repository_name", "app");
        Map<String, Object> v1 = Map.of("project_name", project, "repository_name", "app", "reference", "v1");
        Map<String, Object> byDigest = Map.of("project_name", project, "repository_name", "app", "reference", digest);

        call("listAllRepositories", Map.of(), "q=" + enc("name=~" + project) + "&sort=-creation_time", null, admin);
        call("listRepositories", Map.of("project_name", project), "q=" + enc("name=~app") + "&sort=name&page=1&page_size=10", null, admin);
        call("getRepository", app, null, null, admin);
        call("updateRepository", app, null, "{\"description\":\"an application\"}", admin);
        call("listArtifacts", app, "with_tag=true&with_label=true&with_scan_overview=true&with_accessory=true"
                + "&q=" + enc("tags=*") + "&sort=-push_time", null, admin);
        call("getArtifact", v1, "with_tag=true&with_label=true&with_scan_overview=true&with_accessory=true", null, admin);
        call("listAccessories", v1, "page=1&page_size=10", null, admin);
        call("listArtifactsOfProject", Map.of("project_name_or_id", project), "with_tag=true&latest_in_repository=true", null, admin);
        call("createTag", v1, null, "{\"name\":\"v1-extra\"}", admin);
        call("listTags", v1, "q=" + enc("name=~v1") + "&sort=name&with_immutable_status=true", null, admin);
        call("deleteTag", Map.of("project_name", project, "repository_name", "app", "reference", digest, "tag_name", "v1-extra"),
                null, null, admin);
        call("getAddition", Map.of("project_name", project, "repository_name", "app", "reference", digest, "addition", "build_history"),
                null, null, admin);
        call("CopyArtifact", Map.of("project_name", project, "repository_name", "copy"), "from=" + enc(project + "/app@" + digest),
                null, admin);
        call("scanArtifact", v1, null, null, admin);
        // A stop needs a scan still pending or running (400 otherwise, as in Harbor): ask again until one is caught.
        Http.Response stopped = call("stopScanArtifact", v1, null, "{\"scan_type\":\"vulnerability\"}", admin);
        for (int i = 0; i < 5 && stopped.status() == 400; i++) {
            Http.send("POST", Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app/artifacts/v1/scan", null, "Authorization", admin);
            stopped = call("stopScanArtifact", v1, null, "{\"scan_type\":\"vulnerability\"}", admin);
        }
        JsonObject scanned = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app/artifacts/v1?with_scan_overview=true",
                "Authorization", admin).json();
        String reportId = scanned.containsKey("scan_overview") ? scanned.getJsonObject("scan_overview").values().iterator().next()
                .asJsonObject().getString("report_id", "") : "";
        // The log exists once a worker has taken the scan.
        String logUrl = Stack.url() + "/api/v2.0/projects/" + project + "/repositories/app/artifacts/v1/scan/" + reportId + "/log";
        for (int i = 0; i < 60 && !reportId.isEmpty() && Http.get(logUrl, "Authorization", admin).status() != 200; i++) Thread.sleep(500);
        call("getReportLog", Map.of("project_name", project, "repository_name", "app", "reference", digest, "report_id", reportId),
                null, null, admin);
        call("getVulnerabilitiesAddition", v1, null, null, admin);
        call("addLabel", v1, null, "{\"id\":" + createLabel(project) + "}", admin);
        long labelId = labelOf(project);
        call("removeLabel", Map.of("project_name", project, "repository_name", "app", "reference", "v1", "label_id", labelId),
                null, null, admin);

        // Scan all, audit logs.
        call("getLatestScanAllMetrics", Map.of(), null, null, admin);
        call("getLatestScheduledScanAllMetrics", Map.of(), null, null, admin);
        call("createScanAllSchedule", Map.of(), null, "{\"schedule\":{\"type\":\"Custom\",\"cron\":\"0 0 3 * * *\"}}", admin);
        call("updateScanAllSchedule", Map.of(), null, "{\"schedule\":{\"type\":\"None\"}}", admin);
        call("getScanAllSchedule", Map.of(), null, null, admin);
        // A stop needs a scan all running: start one (Wharf's own path), stop it, again if it ended first.
        Http.Response stopAll = null;
        for (int i = 0; i < 5 && (stopAll == null || stopAll.status() == 404); i++) {
            Http.send("POST", Stack.url() + "/api/v2.0/system/scanAll", null, "Authorization", admin);
            stopAll = call("stopScanAll", Map.of(), null, null, admin);
        }
        call("listAuditLogs", Map.of(), "q=" + enc("operation=create") + "&sort=-op_time&page=1&page_size=10", null, admin);
        call("listAuditLogExts", Map.of(), "page=1&page_size=10", null, admin);
        call("listAuditLogEventTypes", Map.of(), null, null, admin);
        call("getLogs", Map.of("project_name", project), "page=1&page_size=10", null, admin);
        call("getLogExts", Map.of("project_name", project), "page=1&page_size=10", null, admin);
        call("setScannerOfProject", Map.of("project_name_or_id", project), null, "{\"uuid\":\"" + scannerUuid(project) + "\"}", admin);

        // Deletions, last.
        call("deleteProjectMember", Map.of("project_name_or_id", project, "mid", memberId), null, null, admin);
        call("deleteArtifact", Map.of("project_name", project, "repository_name", "copy", "reference", digest), null, null, admin);
        call("deleteRepository", app, null, null, admin);
        call("getProjectDeletable", Map.of("project_name_or_id", project), null, null, admin);
        call("deleteProject", Map.of("project_name_or_id", project), null, null, admin);
        call("deleteUser", Map.of("user_id", userId), null, null, admin);

        report(CORE_TAGS, NOT_IMPLEMENTED);
    }

    @Test
    void everyOperationWharfImplementsInTheNewerTagsAnswersAsTheSwaggerSays(@TempDir Path dir) throws Exception {
        String admin = api.adminAuth();
        String project = WharfApi.unique("compat2");
        Http.Response created = Http.postJson(Stack.url() + "/api/v2.0/projects", "{\"project_name\":\"" + project + "\"}", admin);
        assertEquals(201, created.status(), created::toString);
        long projectId = Http.get(Stack.url() + "/api/v2.0/projects/" + project, "Authorization", admin).json()
                .getJsonNumber("project_id").longValue();
        Map<String, Object> p = Map.of("project_name_or_id", project);

        call("getHealth", Map.of(), null, null, null);
        call("getStatistic", Map.of(), null, null, admin);
        call("getSystemCVEAllowlist", Map.of(), null, null, admin);
        call("putSystemCVEAllowlist", Map.of(), null, "{\"items\":[],\"expires_at\":null}", admin);
        call("getSecuritySummary", Map.of(), "with_dangerous_cve=true&with_dangerous_artifact=true", null, admin);
        call("ListVulnerabilities", Map.of(), "page=1&page_size=10&with_tag=true&tune_count=true", null, admin);
        call("search", Map.of(), "q=" + enc(project), null, admin);

        // Webhook policies first: the push below then makes an execution with a task and its log.
        call("GetSupportedEventTypes", p, null, null, admin);
        Http.Response hook = call("CreateWebhookPolicyOfProject", p, null, "{\"name\":\"compat\",\"description\":\"d\","
                + "\"targets\":[{\"type\":\"http\",\"address\":\"http://127.0.0.1:9/hook\",\"skip_cert_verify\":true}],"
                + "\"event_types\":[\"PUSH_ARTIFACT\"],\"enabled\":true}", admin);
        long hookId = idFrom(hook);
        Map<String, Object> policy = Map.of("project_name_or_id", project, "webhook_policy_id", hookId);
        call("ListWebhookPoliciesOfProject", p, "page=1&page_size=10", null, admin);
        call("GetWebhookPolicyOfProject", policy, null, null, admin);
        call("UpdateWebhookPolicyOfProject", policy, null, "{\"name\":\"compat\",\"description\":\"changed\","
                + "\"targets\":[{\"type\":\"http\",\"address\":\"http://127.0.0.1:9/hook\",\"skip_cert_verify\":true}],"
                + "\"event_types\":[\"PUSH_ARTIFACT\",\"DELETE_ARTIFACT\"],\"enabled\":true}", admin);

        Path layout = Images.build(dir);
        var pushed = Images.copy("oci:" + layout + ":v1", "docker://" + Stack.host() + "/" + project + "/app:v1", null,
                "admin:" + Stack.adminPassword(), null);
        assertTrue(pushed.ok(), pushed::toString);

        String executions = Stack.url() + "/api/v2.0/projects/" + project + "/webhook/policies/" + hookId + "/executions";
        long executionId = 0;
        for (int i = 0; i < 60 && executionId == 0; i++) {
            Http.Response r = Http.get(executions, "Authorization", admin);
            if (r.status() == 200 && !r.jsonArray().isEmpty()) executionId = r.jsonArray().getJsonObject(0).getJsonNumber("id").longValue();
            else Thread.sleep(500);
        }
        call("ListExecutionsOfWebhookPolicy", policy, "page=1&page_size=10", null, admin);
        Map<String, Object> execution = Map.of("project_name_or_id", project, "webhook_policy_id", hookId, "execution_id", executionId);
        Http.Response tasks = call("ListTasksOfWebhookExecution", execution, "page=1&page_size=10", null, admin);
        long taskId = tasks.status() == 200 && !tasks.jsonArray().isEmpty() ? tasks.jsonArray().getJsonObject(0).getJsonNumber("id").longValue() : 0;
        call("GetLogsOfWebhookTask", Map.of("project_name_or_id", project, "webhook_policy_id", hookId, "execution_id", executionId,
                "task_id", taskId), null, null, admin);
        call("DeleteWebhookPolicyOfProject", policy, null, null, admin);

        // Labels.
        Http.Response label = call("CreateLabel", Map.of(), null, "{\"name\":\"" + WharfApi.unique("lbl") + "\",\"description\":\"d\","
                + "\"color\":\"#0099ff\",\"scope\":\"g\"}", admin);
        long labelId = idFrom(label);
        call("ListLabels", Map.of(), "scope=g&page=1&page_size=10", null, admin);
        call("GetLabelByID", Map.of("label_id", labelId), null, null, admin);
        call("UpdateLabel", Map.of("label_id", labelId), null, "{\"description\":\"changed\",\"color\":\"#ff0000\"}", admin);
        call("DeleteLabel", Map.of("label_id", labelId), null, null, admin);

        // Robots.
        Http.Response robot = call("CreateRobot", Map.of(), null, "{\"name\":\"compat\",\"description\":\"d\",\"level\":\"project\","
                + "\"duration\":30,\"permissions\":[{\"kind\":\"project\",\"namespace\":\"" + project + "\","
                + "\"access\":[{\"resource\":\"repository\",\"action\":\"pull\"}]}]}", admin);
        long robotId = robot.status() == 201 ? robot.json().getJsonNumber("id").longValue() : 0;
        call("ListRobot", Map.of(), "q=" + enc("Level=project,ProjectID=" + projectId) + "&page=1&page_size=10", null, admin);
        Http.Response robotRead = call("GetRobotByID", Map.of("robot_id", robotId), null, null, admin);
        String robotName = robotRead.status() == 200 ? robotRead.json().getString("name") : "";
        call("UpdateRobot", Map.of("robot_id", robotId), null, "{\"id\":" + robotId + ",\"name\":\"" + robotName + "\","
                + "\"description\":\"changed\",\"level\":\"project\",\"duration\":30,\"disable\":false,\"permissions\":[{\"kind\":\"project\","
                + "\"namespace\":\"" + project + "\",\"access\":[{\"resource\":\"repository\",\"action\":\"pull\"}]}]}", admin);
        call("RefreshSec", Map.of("robot_id", robotId), null, "{}", admin);
        call("DeleteRobot", Map.of("robot_id", robotId), null, null, admin);

        // Quotas.
        Http.Response quotas = call("listQuotas", Map.of(), "reference=project&reference_id=" + projectId + "&page=1&page_size=10", null, admin);
        long quotaId = quotas.status() == 200 && !quotas.jsonArray().isEmpty() ? quotas.jsonArray().getJsonObject(0).getJsonNumber("id").longValue() : 0;
        call("getQuota", Map.of("id", quotaId), null, null, admin);
        call("updateQuota", Map.of("id", quotaId), null, "{\"hard\":{\"storage\":1073741824}}", admin);

        // Immutable tag rules.
        String immutable = "{\"disabled\":false,\"action\":\"immutable\",\"template\":\"immutable_template\",\"tag_selectors\":[{\"kind\":\"doublestar\","
                + "\"decoration\":\"matches\",\"pattern\":\"v9\"}],\"scope_selectors\":{\"repository\":[{\"kind\":\"doublestar\","
                + "\"decoration\":\"repoMatches\",\"pattern\":\"**\"}]}}";
        Http.Response rule = call("CreateImmuRule", p, null, immutable, admin);
        long ruleId = idFrom(rule);
        call("ListImmuRules", p, "page=1&page_size=10", null, admin);
        call("UpdateImmuRule", Map.of("project_name_or_id", project, "immutable_rule_id", ruleId), null,
                immutable.replace("\"v9\"", "\"v10\""), admin);
        call("DeleteImmuRule", Map.of("project_name_or_id", project, "immutable_rule_id", ruleId), null, null, admin);

        // Tag retention: a dry run on the pushed image, its execution, tasks and a task's log.
        call("getRentenitionMetadata", Map.of(), null, null, admin);
        String retention = "{\"algorithm\":\"or\",\"rules\":[{\"disabled\":false,\"action\":\"retain\",\"template\":\"latestPushedK\","
                + "\"params\":{\"latestPushedK\":3},\"tag_selectors\":[{\"kind\":\"doublestar\",\"decoration\":\"matches\",\"pattern\":\"**\"}],"
                + "\"scope_selectors\":{\"repository\":[{\"kind\":\"doublestar\",\"decoration\":\"repoMatches\",\"pattern\":\"**\"}]}}],"
                + "\"trigger\":{\"kind\":\"Schedule\",\"settings\":{\"cron\":\"\"}},\"scope\":{\"level\":\"project\",\"ref\":" + projectId + "}}";
        Http.Response ret = call("createRetention", Map.of(), null, retention, admin);
        long retentionId = idFrom(ret);
        call("getRetention", Map.of("id", retentionId), null, null, admin);
        call("updateRetention", Map.of("id", retentionId), null, retention.replace("\"latestPushedK\":3", "\"latestPushedK\":5"), admin);
        Http.Response run = call("triggerRetentionExecution", Map.of("id", retentionId), null, "{\"dry_run\":true}", admin);
        long runId = idFrom(run);
        String runUrl = Stack.url() + "/api/v2.0/retentions/" + retentionId + "/executions";
        for (int i = 0; i < 60; i++) {
            Http.Response r = Http.get(runUrl, "Authorization", admin);
            if (r.status() == 200 && !r.jsonArray().isEmpty() && !List.of("Running", "Pending", "Scheduled")
                    .contains(r.jsonArray().getJsonObject(0).getString("status", ""))) break;
            Thread.sleep(500);
        }
        call("listRetentionExecutions", Map.of("id", retentionId), "page=1&page_size=10", null, admin);
        Http.Response retTasks = call("listRetentionTasks", Map.of("id", retentionId, "eid", runId), "page=1&page_size=10", null, admin);
        long retTask = retTasks.status() == 200 && !retTasks.jsonArray().isEmpty() ? retTasks.jsonArray().getJsonObject(0).getJsonNumber("id").longValue() : 0;
        call("getRetentionTaskLog", Map.of("id", retentionId, "eid", runId, "tid", retTask), null, null, admin);
        // A finished execution cannot be stopped (Harbor answers 200 for a stop of one that ran; Wharf too).
        call("operateRetentionExecution", Map.of("id", retentionId, "eid", runId), null, "{\"action\":\"stop\"}", admin);
        call("deleteRetention", Map.of("id", retentionId), null, null, admin);

        // Garbage collection: a dry run, its history, record and log, the schedule.
        Http.Response gc = call("createGCSchedule", Map.of(), null, "{\"schedule\":{\"type\":\"Manual\"},"
                + "\"parameters\":{\"dry_run\":true,\"delete_untagged\":false,\"workers\":1}}", admin);
        long gcId = idFrom(gc);
        for (int i = 0; i < 120; i++) {
            Http.Response r = Http.get(Stack.url() + "/api/v2.0/system/gc/" + gcId, "Authorization", admin);
            if (r.status() == 200 && !List.of("Running", "Pending", "Scheduled").contains(r.json().getString("job_status", ""))) break;
            Thread.sleep(500);
        }
        call("getGCHistory", Map.of(), "page=1&page_size=10&sort=-creation_time", null, admin);
        call("getGC", Map.of("gc_id", gcId), null, null, admin);
        call("getGCLog", Map.of("gc_id", gcId), null, null, admin);
        call("stopGC", Map.of("gc_id", gcId), null, null, admin);
        call("updateGCSchedule", Map.of(), null, "{\"schedule\":{\"type\":\"Custom\",\"cron\":\"0 0 4 * * 6\"},"
                + "\"parameters\":{\"dry_run\":false,\"delete_untagged\":true,\"workers\":1}}", admin);
        call("getGCSchedule", Map.of(), null, null, admin);
        Http.send("PUT", Stack.url() + "/api/v2.0/system/gc/schedule", "{\"schedule\":{\"type\":\"None\"}}",
                "Content-Type", "application/json", "Authorization", admin);

        // Registry endpoints, against a second registry of the test's own.
        try (OtherRegistry other = OtherRegistry.start(dir.resolve("other"), OtherRegistry.portAfterStackRegistry(37), "puller", "Pull-3r-secret")) {
            String endpoint = "{\"name\":\"" + WharfApi.unique("reg") + "\",\"type\":\"docker-registry\",\"url\":\"" + other.url() + "\","
                    + "\"credential\":{\"type\":\"basic\",\"access_key\":\"puller\",\"access_secret\":\"Pull-3r-secret\"},\"insecure\":true}";
            call("listRegistryProviderTypes", Map.of(), null, null, admin);
            call("listRegistryProviderInfos", Map.of(), null, null, admin);
            // RegistryPing carries the credential flat (access_key, access_secret), not as a credential object.
            call("pingRegistry", Map.of(), null, "{\"type\":\"docker-registry\",\"url\":\"" + other.url() + "\",\"credential_type\":\"basic\","
                    + "\"access_key\":\"puller\",\"access_secret\":\"Pull-3r-secret\",\"insecure\":true}", admin);
            Http.Response reg = call("createRegistry", Map.of(), null, endpoint, admin);
            long regId = idFrom(reg);
            call("listRegistries", Map.of(), "page=1&page_size=10", null, admin);
            call("getRegistry", Map.of("id", regId), null, null, admin);
            call("getRegistryInfo", Map.of("id", regId), null, null, admin);
            call("updateRegistry", Map.of("id", regId), null, "{\"description\":\"the second one\"}", admin);
            call("deleteRegistry", Map.of("id", regId), null, null, admin);
        }

        // Configuration and user groups (those that need no directory).
        Http.Response config = call("getConfigurations", Map.of(), null, null, admin);
        String mode = config.status() == 200 && config.json().containsKey("auth_mode")
                ? config.json().getJsonObject("auth_mode").getString("value", "db_auth") : "db_auth";
        call("updateConfigurations", Map.of(), null, "{\"auth_mode\":\"" + mode + "\"}", admin);
        call("listUserGroups", Map.of(), "page=1&page_size=10", null, admin);
        call("searchUserGroups", Map.of(), "groupname=compat&page=1&page_size=10", null, admin);

        report(NEWER_TAGS, NEWER_NOT_CALLED);
    }

    /** The id at the end of a 201's Location (0 when there is none: the call's verdict already says why). */
    static long idFrom(Http.Response created) {
        return created.header("Location").map(l -> Long.parseLong(l.substring(l.lastIndexOf('/') + 1))).orElse(0L);
    }

    /** Calls one operation as the swagger describes it and records what came back. */
    Http.Response call(String operationId, Map<String, Object> params, String query, String body, String authorization) {
        HarborSpec.Operation op = spec.operation(operationId);
        String path = op.path();
        for (var p : params.entrySet()) {
            String value = String.valueOf(p.getValue());
            // Harbor's clients encode a repository name twice (a/b becomes a%252Fb).
            String encoded = p.getKey().equals("repository_name") ? enc(enc(value)) : enc(value);
            path = path.replace("{" + p.getKey() + "}", encoded);
        }
        assertTrue(!path.contains("{"), operationId + ": a path parameter is not set: " + path);
        String url = Stack.url() + spec.basePath() + path + (query == null ? "" : "?" + query);
        Http.Response r = Http.send(op.method(), url, body, "Authorization", authorization,
                "Content-Type", body == null ? null : "application/json", "Accept", String.join(", ", op.produces()));
        Outcome outcome;
        if (r.status() == 404 || r.status() == 405) {
            outcome = new Outcome(operationId, Verdict.MISSING, op.method() + " " + op.path() + " answered " + r);
        } else if (r.status() < 200 || r.status() > 299 || !spec.declares(op, r.status())) {
            outcome = new Outcome(operationId, Verdict.INVALID, op.method() + " " + op.path() + " answered " + r);
        } else {
            List<String> violations = new ArrayList<>(spec.violations(op, r.status(), r.body()).stream()
                    .filter(v -> SWAGGER_QUIRKS.stream().noneMatch(q -> q.matcher(v).find())).toList());
            // A listing says how many there are in all (Harbor's clients page with it).
            if (spec.headers(op, r.status()).contains("X-Total-Count")
                    && !r.header("X-Total-Count").map(v -> v.matches("\\d+")).orElse(false)) {
                violations.add("no X-Total-Count header with a count (" + r.header("X-Total-Count").orElse("none") + ")");
            }
            outcome = violations.isEmpty() ? new Outcome(operationId, Verdict.VALID, "")
                    : new Outcome(operationId, Verdict.INVALID, op.method() + " " + op.path() + ": " + violations + " in " + r.body());
        }
        outcomes.put(operationId, outcome);
        return r;
    }

    void report(Set<String> tags, Map<String, String> notImplemented) {
        List<String> core = spec.operationsTagged(tags);
        Set<String> uncalled = new TreeSet<>(core);
        uncalled.removeAll(outcomes.keySet());
        uncalled.removeAll(notImplemented.keySet());
        Map<Verdict, List<Outcome>> by = new LinkedHashMap<>();
        for (Verdict v : Verdict.values()) by.put(v, new ArrayList<>());
        outcomes.values().forEach(o -> by.get(o.verdict()).add(o));
        StringBuilder text = new StringBuilder("Harbor API compatibility, tags " + new TreeSet<>(tags) + ": " + core.size()
                + " operations; " + by.get(Verdict.VALID).size() + " answer and validate, " + by.get(Verdict.INVALID).size()
                + " invalid, " + by.get(Verdict.MISSING).size() + " missing, " + notImplemented.size() + " deliberately not implemented\n");
        by.get(Verdict.INVALID).forEach(o -> text.append("  INVALID ").append(o.operation()).append(": ").append(o.detail()).append('\n'));
        by.get(Verdict.MISSING).forEach(o -> text.append("  MISSING ").append(o.operation()).append(": ").append(o.detail()).append('\n'));
        notImplemented.forEach((id, why) -> text.append("  NOT IMPLEMENTED ").append(id).append(": ").append(why).append('\n'));
        System.out.println(text);
        assertEquals(Set.of(), uncalled, "operations neither called nor listed as not implemented");
        assertTrue(core.containsAll(notImplemented.keySet()), "the not-implemented list names only operations of these tags");
        assertEquals(0, by.get(Verdict.INVALID).size() + by.get(Verdict.MISSING).size(), text.toString());
    }

    long userIdOf(String username) {
        return Http.get(Stack.url() + "/api/v2.0/users?page_size=100", "Authorization", api.adminAuth()).jsonArray().stream()
                .map(JsonObject.class::cast).filter(u -> u.getString("username").equals(username)).findFirst().orElseThrow()
                .getJsonNumber("user_id").longValue();
    }

    /** A project label to attach (the label API is tested on its own; here it only has to exist). */
    long createLabel(String project) {
        long projectId = Http.get(Stack.url() + "/api/v2.0/projects/" + project, "Authorization", api.adminAuth()).json()
                .getJsonNumber("project_id").longValue();
        Http.Response created = Http.postJson(Stack.url() + "/api/v2.0/labels", "{\"name\":\"compat\",\"color\":\"#0099ff\","
                + "\"scope\":\"p\",\"project_id\":" + projectId + "}", api.adminAuth());
        if (created.status() != 201) return 0;
        return labelOf(project);
    }

    long labelOf(String project) {
        long projectId = Http.get(Stack.url() + "/api/v2.0/projects/" + project, "Authorization", api.adminAuth()).json()
                .getJsonNumber("project_id").longValue();
        Http.Response labels = Http.get(Stack.url() + "/api/v2.0/labels?scope=p&project_id=" + projectId, "Authorization", api.adminAuth());
        if (labels.status() != 200 || labels.jsonArray().isEmpty()) return 0;
        return labels.jsonArray().getJsonObject(0).getJsonNumber("id").longValue();
    }

    String scannerUuid(String project) {
        Http.Response r = Http.get(Stack.url() + "/api/v2.0/projects/" + project + "/scanner", "Authorization", api.adminAuth());
        return r.status() == 200 ? r.json().getString("uuid", "") : "";
    }

    static String enc(String s) { return URLEncoder.encode(s, StandardCharsets.UTF_8); }
}
