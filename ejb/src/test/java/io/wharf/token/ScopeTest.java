package io.wharf.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ScopeTest {
    @Test
    void parsesRepositoryScopeWithSeveralActions() {
        Scope s = Scope.parse("repository:hpc/hello-world:push,pull");
        assertEquals("repository", s.type());
        assertEquals("hpc/hello-world", s.name());
        assertEquals(Set.of("push", "pull"), s.actions());
    }

    @Test
    void keepsColonsInsideTheName() {
        Scope s = Scope.parse("repository:localhost:5000/hpc/app:pull");
        assertEquals("localhost:5000/hpc/app", s.name());
        assertEquals(Set.of("pull"), s.actions());
    }

    @Test
    void dropsTheResourceClass() {
        Scope s = Scope.parse("repository(plugin):hpc/app:pull");
        assertEquals("repository", s.type());
        assertEquals("hpc/app", s.name());
    }

    @Test
    void parsesCatalogScope() {
        Scope s = Scope.parse("registry:catalog:*");
        assertEquals("registry", s.type());
        assertEquals("catalog", s.name());
        assertEquals(Set.of("*"), s.actions());
    }

    @Test
    void refusesMalformedScopes() {
        for (String bad : List.of("", "repository", "repository:hpc/app", "repository:hpc/app:", ":x:pull", "repository::pull")) {
            assertThrows(IllegalArgumentException.class, () -> Scope.parse(bad), bad);
        }
    }

    @Test
    void repeatedAndSpaceSeparatedScopesAreAllRead() {
        List<Scope> scopes = Scope.parseAll(List.of("repository:a/b:pull repository:a/c:push", "registry:catalog:*"));
        assertEquals(List.of("a/b", "a/c", "catalog"), scopes.stream().map(Scope::name).toList());
    }
}
