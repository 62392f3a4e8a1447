package io.wharf.project;

import static io.wharf.project.ProjectRole.DEVELOPER;
import static io.wharf.project.ProjectRole.GUEST;
import static io.wharf.project.ProjectRole.LIMITED_GUEST;
import static io.wharf.project.ProjectRole.MAINTAINER;
import static io.wharf.project.ProjectRole.PROJECT_ADMIN;

import java.util.EnumSet;
import java.util.Set;

/**
 * Who may do what: every resource and action of Wharf with the roles that may take it, after
 * Harbor's RBAC policy (project admin 1, developer 2, guest 3, maintainer 4, limited guest 5).
 * System administrators may do everything. Every endpoint names one row ({@code @Requires} in the
 * web module), the services check the same row, and the token service grants registry actions from
 * the {@code REPOSITORY_*} rows. Adding an endpoint is one line here (if it is a new action) and
 * one annotation on the resource method.
 */
public enum Permission {
    // project-scoped: the caller's role in the project named by the request; "public" = also
    // anyone (signed in or not) when the project is public
    PROJECT_READ(Scope.PROJECT, true, PROJECT_ADMIN, MAINTAINER, DEVELOPER, GUEST, LIMITED_GUEST),
    /** Metadata (public, auto_scan, prevent_vul, severity ...): project admins only (CVE-2024-22278). */
    PROJECT_METADATA_UPDATE(Scope.PROJECT, false, PROJECT_ADMIN),
    PROJECT_ALLOWLIST_UPDATE(Scope.PROJECT, false, PROJECT_ADMIN),
    PROJECT_DELETE(Scope.PROJECT, false, PROJECT_ADMIN),
    MEMBER_LIST(Scope.PROJECT, false, PROJECT_ADMIN, MAINTAINER, DEVELOPER, GUEST),
    MEMBER_CREATE(Scope.PROJECT, false, PROJECT_ADMIN),
    MEMBER_UPDATE(Scope.PROJECT, false, PROJECT_ADMIN),
    MEMBER_DELETE(Scope.PROJECT, false, PROJECT_ADMIN),
    LOG_LIST(Scope.PROJECT, false, PROJECT_ADMIN, MAINTAINER, DEVELOPER, GUEST),
    REPOSITORY_READ(Scope.PROJECT, true, PROJECT_ADMIN, MAINTAINER, DEVELOPER, GUEST, LIMITED_GUEST),
    REPOSITORY_PULL(Scope.PROJECT, true, PROJECT_ADMIN, MAINTAINER, DEVELOPER, GUEST, LIMITED_GUEST),
    REPOSITORY_PUSH(Scope.PROJECT, false, PROJECT_ADMIN, MAINTAINER, DEVELOPER),
    REPOSITORY_DELETE(Scope.PROJECT, false, PROJECT_ADMIN, MAINTAINER),
    ARTIFACT_READ(Scope.PROJECT, true, PROJECT_ADMIN, MAINTAINER, DEVELOPER, GUEST, LIMITED_GUEST),
    ARTIFACT_DELETE(Scope.PROJECT, false, PROJECT_ADMIN, MAINTAINER),
    SCAN_CREATE(Scope.PROJECT, false, PROJECT_ADMIN, MAINTAINER, DEVELOPER),
    SCAN_READ(Scope.PROJECT, true, PROJECT_ADMIN, MAINTAINER, DEVELOPER, GUEST, LIMITED_GUEST),
    /** Repository description: admins and maintainers, as Harbor's "edit/delete repositories". */
    REPOSITORY_UPDATE(Scope.PROJECT, false, PROJECT_ADMIN, MAINTAINER),
    TAG_CREATE(Scope.PROJECT, false, PROJECT_ADMIN, MAINTAINER, DEVELOPER),
    TAG_DELETE(Scope.PROJECT, false, PROJECT_ADMIN, MAINTAINER),
    ARTIFACT_LABEL_CREATE(Scope.PROJECT, false, PROJECT_ADMIN, MAINTAINER, DEVELOPER),
    ARTIFACT_LABEL_DELETE(Scope.PROJECT, false, PROJECT_ADMIN, MAINTAINER, DEVELOPER),
    /**
     * A project's labels. The label endpoints name the project in the body, the query or the label
     * itself, not in the path, so the label service checks these rows (global labels: administrators).
     */
    LABEL_READ(Scope.PROJECT, true, PROJECT_ADMIN, MAINTAINER, DEVELOPER, GUEST),
    LABEL_CREATE(Scope.PROJECT, false, PROJECT_ADMIN, MAINTAINER),
    LABEL_UPDATE(Scope.PROJECT, false, PROJECT_ADMIN, MAINTAINER),
    LABEL_DELETE(Scope.PROJECT, false, PROJECT_ADMIN, MAINTAINER),
    PROJECT_SCANNER_UPDATE(Scope.PROJECT, false, PROJECT_ADMIN),
    /** Tag retention policies, their runs and logs: reading them; changing and running them is for project admins. */
    RETENTION_READ(Scope.PROJECT, false, PROJECT_ADMIN, MAINTAINER),
    RETENTION_MANAGE(Scope.PROJECT, false, PROJECT_ADMIN),
    IMMUTABLE_TAG_RULE_READ(Scope.PROJECT, false, PROJECT_ADMIN, MAINTAINER, DEVELOPER, GUEST),
    IMMUTABLE_TAG_RULE_MANAGE(Scope.PROJECT, false, PROJECT_ADMIN),
    /** Webhook policies and their delivery history: project admins; maintainers may read them (Harbor's RBAC). */
    WEBHOOK_LIST(Scope.PROJECT, false, PROJECT_ADMIN, MAINTAINER),
    WEBHOOK_CREATE(Scope.PROJECT, false, PROJECT_ADMIN),
    WEBHOOK_UPDATE(Scope.PROJECT, false, PROJECT_ADMIN),
    WEBHOOK_DELETE(Scope.PROJECT, false, PROJECT_ADMIN),
    /**
     * A project's robot accounts: its admins (system robots: administrators). The robot endpoints
     * name the project in the body or the query, so the robot service checks these rows.
     */
    ROBOT_LIST(Scope.PROJECT, false, PROJECT_ADMIN),
    ROBOT_CREATE(Scope.PROJECT, false, PROJECT_ADMIN),
    ROBOT_UPDATE(Scope.PROJECT, false, PROJECT_ADMIN),
    ROBOT_DELETE(Scope.PROJECT, false, PROJECT_ADMIN),

    // not tied to a project
    PROJECT_CREATE(Scope.SIGNED_IN, false),
    USER_CURRENT(Scope.SIGNED_IN, false),
    /** Reading a user or changing their password: the user themself, or an administrator. */
    USER_READ(Scope.SELF, false),
    USER_PASSWORD_UPDATE(Scope.SELF, false),
    /** Creating users: administrators (and anonymous callers when self-registration is on). */
    USER_CREATE(Scope.SYSTEM_ADMIN, false),
    USER_LIST(Scope.SYSTEM_ADMIN, false),
    USER_SYSADMIN_UPDATE(Scope.SYSTEM_ADMIN, false),
    USER_DELETE(Scope.SYSTEM_ADMIN, false),
    AUDIT_LOG_LIST(Scope.SYSTEM_ADMIN, false),
    SCAN_ALL(Scope.SYSTEM_ADMIN, false),
    SYSTEM_RECONCILE(Scope.SYSTEM_ADMIN, false),
    VULNDB_MANAGE(Scope.SYSTEM_ADMIN, false),
    /** Garbage collection: run, dry run, schedule, history and logs. */
    GC_MANAGE(Scope.SYSTEM_ADMIN, false),
    /** Project quotas: list, read and set limits. */
    QUOTA_MANAGE(Scope.SYSTEM_ADMIN, false),
    /** Finding users by name (to add them as members): anyone signed in. */
    USER_SEARCH(Scope.SIGNED_IN, false),
    /** E-mail, real name, comment: the user themself, or an administrator. */
    USER_PROFILE_UPDATE(Scope.SELF, false),
    /** The space left where Wharf keeps its data ({@code /systeminfo/volumes}). */
    SYSTEM_VOLUMES_READ(Scope.SYSTEM_ADMIN, false),
    /** Registry endpoints (remote registries for proxy cache and replication): administrators, as in Harbor. */
    REGISTRY_MANAGE(Scope.SYSTEM_ADMIN, false),
    /** Trusted OIDC issuers for workload identity and their bindings to robots. */
    TRUSTED_ISSUER_MANAGE(Scope.SYSTEM_ADMIN, false),
    /** The authentication mode and LDAP settings ({@code /configurations}, {@code /ldap/*}): administrators. */
    CONFIGURATION_READ(Scope.SYSTEM_ADMIN, false),
    CONFIGURATION_UPDATE(Scope.SYSTEM_ADMIN, false),
    /** Finding user groups by name (to add them as members): anyone signed in, as users. */
    USER_GROUP_SEARCH(Scope.SIGNED_IN, false),
    /** Listing, creating, renaming and deleting user groups: administrators. */
    USER_GROUP_MANAGE(Scope.SYSTEM_ADMIN, false),
    /** The security hub: vulnerability totals and the search over every finding in every project (Harbor: administrators). */
    SECURITY_HUB_READ(Scope.SYSTEM_ADMIN, false),
    /** The system's CVE allowlist: anyone signed in reads it (projects may reuse it), administrators change it. */
    SYSTEM_ALLOWLIST_READ(Scope.SIGNED_IN, false),
    SYSTEM_ALLOWLIST_UPDATE(Scope.SYSTEM_ADMIN, false),
    /** The dashboard's counts ({@code /statistics}): anyone signed in (totals for administrators only). */
    STATISTICS_READ(Scope.SIGNED_IN, false),
    /** Replication rules, their executions, tasks and logs: administrators, as in Harbor. */
    REPLICATION_MANAGE(Scope.SYSTEM_ADMIN, false),
    /** Disabling and enabling users ({@code PUT /users/{id}/disabled}, a Wharf extension): administrators. */
    USER_DISABLE(Scope.SYSTEM_ADMIN, false),
    /** Endpoints anyone may call (sign-in, the token service, the portal's files); they check credentials themselves. */
    ANYONE(Scope.ANYONE, true);

    /** What decides: the caller's role in a project, being signed in, being the user concerned, or being an administrator. */
    public enum Scope { PROJECT, SIGNED_IN, SELF, SYSTEM_ADMIN, ANYONE }

    private final Scope scope;
    private final boolean publicProjects;
    private final Set<ProjectRole> roles;

    Permission(Scope scope, boolean publicProjects, ProjectRole... roles) {
        this.scope = scope;
        this.publicProjects = publicProjects;
        this.roles = roles.length == 0 ? Set.of() : Set.copyOf(EnumSet.of(roles[0], roles));
    }

    public Scope scope() { return scope; }

    /** Whether anyone may do this in a public project. */
    public boolean publicProjects() { return publicProjects; }

    /** The project roles that may do this (project-scoped rows only). */
    public Set<ProjectRole> roles() { return roles; }
}
