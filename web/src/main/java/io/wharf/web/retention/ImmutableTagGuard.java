package io.wharf.web.retention;

import io.wharf.project.Project;
import io.wharf.project.ProjectService;
import io.wharf.registry.RegistryContent;
import io.wharf.registry.Tag;
import io.wharf.tagrules.ImmutableTags;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/**
 * The gateway's question before a manifest push by tag or a manifest delete by digest: would it
 * move or remove a tag an immutability rule protects? The answer is the refusal's message.
 */
@ApplicationScoped
public class ImmutableTagGuard {
    @Inject ImmutableTags immutable;
    @Inject ProjectService projects;
    @Inject RegistryContent content;

    /** A push of this manifest under {@code tag} of {@code project/name}: refused when the tag exists with another digest and is immutable. */
    public Optional<String> pushRefusal(String repository, String tag, byte[] manifest) {
        int slash = repository.indexOf('/');
        if (slash <= 0) return Optional.empty();
        Optional<Project> project = projects.byName(repository.substring(0, slash));
        if (project.isEmpty()) return Optional.empty();
        Optional<ImmutableTags.Rule> rule = immutable.protecting(project.get().getId(), repository.substring(slash + 1), tag);
        if (rule.isEmpty()) return Optional.empty();
        Optional<String> current = content.digestOfTag(repository, tag);
        // A new tag, or the same manifest pushed again, changes nothing.
        if (current.isEmpty() || current.get().equals(sha256(manifest))) return Optional.empty();
        return Optional.of("tag " + repository + ":" + tag + " is immutable by " + rule.get().describe() + ": it cannot be overwritten");
    }

    /** A delete of {@code tag} alone (the gateway untags in Wharf's records): refused when the tag is immutable. */
    public Optional<String> tagDeleteRefusal(String repository, String tag) {
        int slash = repository.indexOf('/');
        if (slash <= 0) return Optional.empty();
        Optional<Project> project = projects.byName(repository.substring(0, slash));
        if (project.isEmpty()) return Optional.empty();
        return immutable.protecting(project.get().getId(), repository.substring(slash + 1), tag)
                .map(rule -> "tag " + repository + ":" + tag + " is immutable by " + rule.describe() + ": it cannot be deleted");
    }

    /** A delete of the manifest {@code digest}: refused when one of its tags is immutable. */
    public Optional<String> deleteRefusal(String repository, String digest) {
        int slash = repository.indexOf('/');
        if (slash <= 0) return Optional.empty();
        Optional<Project> project = projects.byName(repository.substring(0, slash));
        if (project.isEmpty()) return Optional.empty();
        List<String> tags = content.repository(repository).flatMap(r -> content.artifact(r.getId(), digest))
                .map(a -> content.tagsOf(a.getId()).stream().map(Tag::getName).toList()).orElse(List.of());
        for (String tag : tags) {
            Optional<ImmutableTags.Rule> rule = immutable.protecting(project.get().getId(), repository.substring(slash + 1), tag);
            if (rule.isPresent()) {
                return Optional.of("tag " + repository + ":" + tag + " is immutable by " + rule.get().describe() + ": its manifest cannot be deleted");
            }
        }
        return Optional.empty();
    }

    private static String sha256(byte[] manifest) {
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(manifest));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
