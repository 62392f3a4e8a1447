package io.wharf;

import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.Dependency;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import io.wharf.lifecycle.ApplicationStart;
import io.wharf.schema.SchemaMigrator;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.concurrent.ManagedScheduledExecutorService;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.ejb.DependsOn;
import jakarta.ejb.Startup;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The ejb module's packages depend on each other one way: no cycle, and each package uses only the
 * packages its {@code package-info.java} names ("Depends on (inside Wharf...): a, b."), names which
 * themselves form no cycle. A new package states its line; a new dependency is added to the line, and
 * this test says when that would close a cycle.
 */
class ArchitectureTest {
    private static final Path SOURCES = Path.of("src/main/java/io/wharf");
    /** The line of a package-info that states its dependencies, the list on that one line. */
    private static final Pattern STATED = Pattern.compile("Depends on \\(inside Wharf[^)]*\\):\\s*(.*?)\\.?\\s*$", Pattern.MULTILINE);
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().importPath(Path.of("target/classes"));
    }

    @Test
    void noCycleBetweenPackages() {
        slices().matching("io.wharf.(**)").should().beFreeOfCycles().check(classes);
    }

    @Test
    void everyPackageUsesOnlyWhatItsPackageInfoStates() throws IOException {
        Map<String, Set<String>> stated = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        for (String pkg : packages()) {
            Path info = SOURCES.resolve(pkg.replace('.', '/')).resolve("package-info.java");
            Set<String> allowed = Files.exists(info) ? statedDependencies(Files.readString(info)) : null;
            if (allowed == null) {
                problems.add(info + ": no line \"Depends on (inside Wharf): ...\"");
                continue;
            }
            stated.put(pkg, allowed);
            actualDependencies(pkg).forEach((target, because) -> {
                if (!allowed.contains(target)) {
                    problems.add(pkg + " uses " + target + ", which its package-info does not name: " + because);
                }
            });
            allowed.stream().filter(p -> !stated.containsKey(p) && !packages().contains(p))
                    .forEach(p -> problems.add(pkg + "'s package-info names " + p + ", which is no package"));
        }
        assertEquals(List.of(), problems);
        assertEquals(List.of(), cycles(stated), "the stated dependencies point one way");
    }

    @Test
    void everyStartupBeanWaitsForTheSchemaMigrations() {
        List<String> eager = new ArrayList<>();
        for (JavaClass c : classes) {
            if (c.isAnnotatedWith(Startup.class) && !c.isEquivalentTo(SchemaMigrator.class)) {
                boolean waits = c.isAnnotatedWith(DependsOn.class) && Arrays.asList(
                        c.getAnnotationOfType(DependsOn.class).value()).contains(SchemaMigrator.NAME);
                if (!waits) {
                    eager.add(c.getName());
                }
            }
        }
        assertTrue(classes.contain(SchemaMigrator.class));
        assertEquals(List.of(), eager, "@Startup beans without @DependsOn(SchemaMigrator.NAME) could read tables before they exist");
    }

    @Test
    void everyStartupBeanThatHandsWorkToOtherThreadsWaitsForTheApplicationStart() {
        Set<String> handOff = Set.of(ManagedScheduledExecutorService.class.getName(), ManagedExecutorService.class.getName(),
                ManagedThreadFactory.class.getName());
        List<String> eager = new ArrayList<>();
        for (JavaClass c : classes) {
            if (!c.isAnnotatedWith(Startup.class)) continue;
            boolean handsOff = c.getFields().stream().anyMatch(f -> handOff.contains(f.getRawType().getName()));
            boolean waits = c.getFields().stream().anyMatch(f -> f.getRawType().isEquivalentTo(ApplicationStart.class));
            if (handsOff && !waits) eager.add(c.getName());
        }
        assertTrue(classes.contain(io.wharf.jobservice.WorkerPool.class));
        assertEquals(List.of(), eager, "@Startup beans whose threads run before the application has started can hold"
                + " its start for two minutes (ApplicationStart)");
    }

    /** The stated dependencies of one package-info, relative to io.wharf; null when it states none. */
    static Set<String> statedDependencies(String packageInfo) {
        Matcher m = STATED.matcher(packageInfo);
        if (!m.find()) {
            return null;
        }
        String list = m.group(1).trim();
        return list.equals("nothing") ? Set.of()
                : Arrays.stream(list.split(",")).map(String::trim).collect(Collectors.toCollection(TreeSet::new));
    }

    /** Wharf's packages of this module, relative to io.wharf ("registry.client"). */
    private static SortedSet<String> packages() {
        return classes.stream().map(JavaClass::getPackageName).filter(p -> p.startsWith("io.wharf."))
                .map(p -> p.substring("io.wharf.".length())).collect(Collectors.toCollection(TreeSet::new));
    }

    /** The packages of this module that {@code pkg} uses, each with one class-level example. */
    private static SortedMap<String, String> actualDependencies(String pkg) {
        SortedMap<String, String> used = new TreeMap<>();
        Set<String> own = packages();
        for (JavaClass c : classes) {
            if (!c.getPackageName().equals("io.wharf." + pkg)) {
                continue;
            }
            for (Dependency d : c.getDirectDependenciesFromSelf()) {
                String target = d.getTargetClass().getPackageName();
                if (target.startsWith("io.wharf.") && own.contains(target.substring("io.wharf.".length()))
                        && !target.equals("io.wharf." + pkg)) {
                    used.putIfAbsent(target.substring("io.wharf.".length()), d.getDescription());
                }
            }
        }
        return used;
    }

    /** Each package that can reach itself through the stated dependencies, with the way back. */
    private static List<String> cycles(Map<String, Set<String>> graph) {
        List<String> found = new ArrayList<>();
        for (String start : graph.keySet()) {
            Map<String, String> cameFrom = new HashMap<>();
            List<String> todo = new ArrayList<>(graph.get(start));
            todo.forEach(n -> cameFrom.put(n, start));
            while (!todo.isEmpty()) {
                String n = todo.remove(0);
                if (n.equals(start)) {
                    found.add(start + " reaches itself");
                    break;
                }
                for (String next : graph.getOrDefault(n, Set.of())) {
                    if (cameFrom.putIfAbsent(next, n) == null) {
                        todo.add(next);
                    }
                }
            }
        }
        return found;
    }
}
