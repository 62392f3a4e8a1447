package io.wharf.label;

import io.wharf.common.Page;
import io.wharf.common.WharfException;
import io.wharf.project.Caller;
import io.wharf.project.Permission;
import io.wharf.project.Permissions;
import io.wharf.project.Project;
import io.wharf.project.ProjectRole.Action;
import io.wharf.project.ProjectService;
import io.wharf.registry.Artifact;
import io.wharf.registry.ArtifactService;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Harbor's labels. Global labels ({@code g}) are managed by administrators and seen by every
 * signed-in user; a project's labels ({@code p}) by its admins and maintainers, seen by whoever
 * may see the project. Developers and above attach them to the project's artifacts.
 */
@Stateless
public class LabelService {
    private static final Pattern COLOR = Pattern.compile("#[0-9A-Fa-f]{3}([0-9A-Fa-f]{3})?");

    @Inject LabelStore store;
    @Inject ProjectService projects;
    @Inject ArtifactService artifacts;

    /** What a client sends to create or change a label. */
    public record LabelRequest(String name, String description, String color, String scope, Long projectId) {}

    public Label create(Caller caller, LabelRequest r) {
        if (r == null || r.name() == null || r.name().isBlank() || r.name().length() > 128) {
            throw WharfException.badRequest("name is required, at most 128 characters");
        }
        checkColor(r.color());
        String scope = r.scope() == null ? Label.GLOBAL : r.scope();
        long projectId = 0;
        if (Label.PROJECT.equals(scope)) {
            if (r.projectId() == null) throw WharfException.badRequest("project_id is required for a project label (scope p)");
            projectId = requireManager(caller, projects.get(caller, r.projectId().toString()), Permission.LABEL_CREATE).getId();
        } else if (Label.GLOBAL.equals(scope)) {
            requireAdmin(caller);
        } else {
            throw WharfException.badRequest("scope must be g (global) or p (project)");
        }
        if (store.byName(r.name().strip(), scope, projectId).isPresent()) {
            throw WharfException.conflict("label " + r.name() + " already exists");
        }
        return store.add(new Label(r.name().strip(), r.description(), r.color(), scope, projectId));
    }

    public Page<Label> list(Caller caller, String scope, Long projectId, String name, Integer page, Integer pageSize) {
        int[] n = Page.normalize(page, pageSize);
        long pid = 0;
        if (Label.PROJECT.equals(scope)) {
            if (projectId == null) throw WharfException.badRequest("project_id is required with scope p");
            Project p = projects.get(caller, projectId.toString());
            projects.require(caller, p, Permission.LABEL_READ, "list the project's labels");
            pid = p.getId();
        } else if (scope == null || Label.GLOBAL.equals(scope)) {
            if (caller.isAnonymous()) throw WharfException.unauthorized("sign in to list labels");
            scope = Label.GLOBAL;
        } else {
            throw WharfException.badRequest("scope must be g (global) or p (project)");
        }
        return new Page<>(store.list(scope, pid, name, (n[0] - 1) * n[1], n[1]), store.count(scope, pid, name), n[0], n[1]);
    }

    public Label get(Caller caller, long id) {
        Label label = store.find(id).orElseThrow(() -> WharfException.notFound("label " + id + " not found"));
        if (label.isGlobal()) {
            if (caller.isAnonymous()) throw WharfException.unauthorized("sign in to read labels");
        } else {
            try {
                projects.require(caller, projects.get(caller, Long.toString(label.getProjectId())), Permission.LABEL_READ, "read the project's labels");
            } catch (WharfException e) {
                if (e.status() == 401) throw e;
                throw WharfException.notFound("label " + id + " not found");
            }
        }
        return label;
    }

    public Label update(Caller caller, long id, LabelRequest r) {
        Label label = manageable(caller, id, Permission.LABEL_UPDATE);
        if (r == null) throw WharfException.badRequest("a JSON body is required");
        checkColor(r.color());
        if (r.name() != null && !r.name().equals(label.getName())) {
            if (r.name().isBlank() || r.name().length() > 128) throw WharfException.badRequest("name must be 1 to 128 characters");
            if (store.byName(r.name().strip(), label.getScope(), label.getProjectId()).isPresent()) {
                throw WharfException.conflict("label " + r.name() + " already exists");
            }
        }
        label.change(r.name() == null ? null : r.name().strip(), r.description(), r.color());
        return label;
    }

    public void delete(Caller caller, long id) {
        store.remove(manageable(caller, id, Permission.LABEL_DELETE));
    }

    /** Attaches a global label or one of the artifact's project to the artifact. */
    public void attach(Caller caller, String project, String repository, String reference, long labelId) {
        Project p = requireAction(caller, project, "add labels to artifacts");
        Artifact a = artifacts.artifact(caller, project, repository, reference).artifact();
        Label label = store.find(labelId).orElseThrow(() -> WharfException.notFound("label " + labelId + " not found"));
        if (!label.isGlobal() && label.getProjectId() != p.getId()) {
            throw WharfException.badRequest("label " + labelId + " belongs to another project");
        }
        if (store.attachment(a.getId(), labelId).isPresent()) {
            throw WharfException.conflict("label " + labelId + " is already on the artifact");
        }
        store.attach(new ArtifactLabel(a.getId(), labelId));
    }

    public void detach(Caller caller, String project, String repository, String reference, long labelId) {
        requireAction(caller, project, "remove labels from artifacts");
        Artifact a = artifacts.artifact(caller, project, repository, reference).artifact();
        store.detach(store.attachment(a.getId(), labelId)
                .orElseThrow(() -> WharfException.notFound("label " + labelId + " is not on the artifact")));
    }

    public Map<Long, List<Label>> labelsOf(Collection<Long> artifactIds) { return store.labelsOf(artifactIds); }

    /** Removes a deleted project's labels. */
    public void projectDeleted(long projectId) { store.removeProjectLabels(projectId); }

    private Label manageable(Caller caller, long id, Permission permission) {
        Label label = get(caller, id);
        if (label.isGlobal()) requireAdmin(caller);
        else requireManager(caller, projects.get(caller, Long.toString(label.getProjectId())), permission);
        return label;
    }

    private Project requireAction(Caller caller, String project, String what) {
        Project p = projects.get(caller, project);
        if (!projects.allowedActions(caller, p.getName()).contains(Action.PUSH)) {
            throw caller.isAnonymous() ? WharfException.unauthorized("sign in to " + what)
                    : WharfException.forbidden("only developers and above may " + what);
        }
        return p;
    }

    private Project requireManager(Caller caller, Project p, Permission permission) {
        if (caller.sysadmin()) return p;
        if (caller.isAnonymous()) throw WharfException.unauthorized("sign in to manage labels");
        if (projects.roleOf(caller, p).map(r -> Permissions.allows(r, permission)).orElse(false)) return p;
        throw WharfException.forbidden("only the project's admins and maintainers manage its labels");
    }

    private static void requireAdmin(Caller caller) {
        if (caller.sysadmin()) return;
        if (caller.isAnonymous()) throw WharfException.unauthorized("sign in as an administrator");
        throw WharfException.forbidden("only administrators manage global labels");
    }

    private static void checkColor(String color) {
        if (color != null && !color.isEmpty() && !COLOR.matcher(color).matches()) {
            throw WharfException.badRequest("color must be #rgb or #rrggbb");
        }
    }
}
