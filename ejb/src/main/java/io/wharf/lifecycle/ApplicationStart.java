package io.wharf.lifecycle;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import java.lang.management.ManagementFactory;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Whether the application has finished starting, read from Liberty's {@code ApplicationMBean} for it (state
 * {@code STARTED}).
 *
 * <p>Work that a start-up bean hands to another thread (a scheduled pass, a job worker, the warm-up) waits for it.
 * While the application starts, Liberty holds any other thread that calls an EJB whose home is not ready yet until
 * the application has started, and that thread keeps the lock of the EJB reference it was resolving while it waits.
 * If the start thread then needs the same reference (another start-up bean injecting that EJB), each waits for the
 * other until Liberty gives up after two minutes: a start that took 20 s took 140 s, about one start in five on a
 * warm server folder ({@code CWWKZ0022W}, then {@code ApplicationNotStartedException} in a heartbeat).
 */
@ApplicationScoped
public class ApplicationStart {
    private static final Logger LOG = Logger.getLogger(ApplicationStart.class.getName());
    /** How often a waiting thread looks again: a start's last step is then at most this late to begin. */
    static final long POLL_MILLIS = 100;
    /** Liberty registers the MBean before the application starts; its absence for this long means another runtime. */
    static final long UNREGISTERED_GRACE_NANOS = TimeUnit.SECONDS.toNanos(30);

    private MBeanServer server;
    private ObjectName application;
    private volatile boolean started;
    private volatile boolean unknown;
    private volatile long firstAsked;
    private long unregisteredGrace = UNREGISTERED_GRACE_NANOS;

    public ApplicationStart() {
    }

    /** For tests: the state of the application MBean {@code name} on {@code server}. */
    ApplicationStart(MBeanServer server, ObjectName name, long unregisteredGraceNanos) {
        this.server = server;
        this.application = name;
        this.unregisteredGrace = unregisteredGraceNanos;
    }

    @PostConstruct
    void locate() {
        server = ManagementFactory.getPlatformMBeanServer();
        String name = "wharf";
        try {
            name = InitialContext.doLookup("java:app/AppName");
        } catch (NamingException | RuntimeException e) {
            LOG.fine("application name not found in java:app/AppName; taking \"" + name + "\"");
        }
        try {
            application = new ObjectName("WebSphere:service=com.ibm.websphere.application.ApplicationMBean,name=" + name);
        } catch (JMException e) {
            unknown = true;
        }
    }

    /**
     * Whether the application has started. Where the server keeps no such MBean (another runtime) the start is
     * taken as done 30 s after the first question.
     */
    public boolean started() {
        if (started) return true;
        try {
            if (unknown) {
                started = true;
            } else if (!server.isRegistered(application)) {
                long now = System.nanoTime();
                if (firstAsked == 0) firstAsked = now;
                if (now - firstAsked > unregisteredGrace) {
                    LOG.info("no " + application + " here: work handed to other threads no longer waits for the start");
                    started = true;
                }
            } else if ("STARTED".equals(server.getAttribute(application, "State"))) {
                started = true;
            }
        } catch (JMException | RuntimeException e) {
            LOG.fine("application state not readable: " + e);
        }
        return started;
    }

    /** Waits until the application has started, at most {@code timeout}; whether it has. */
    public boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        long until = System.nanoTime() + unit.toNanos(timeout);
        while (!started()) {
            if (System.nanoTime() >= until) return false;
            Thread.sleep(POLL_MILLIS);
        }
        return true;
    }

    /** {@code task} run only once the application has started; before, a pass that does nothing. */
    public Runnable once(Runnable task) {
        return () -> {
            if (started()) task.run();
        };
    }
}
