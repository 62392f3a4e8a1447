package io.wharf.lifecycle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.management.MBeanServer;
import javax.management.MBeanServerFactory;
import javax.management.ObjectName;
import org.junit.jupiter.api.Test;

class ApplicationStartTest {
    public interface StateMBean {
        String getState();
    }

    public static class State implements StateMBean {
        volatile String value = "STARTING";

        @Override
        public String getState() {
            return value;
        }
    }

    private final MBeanServer server = MBeanServerFactory.newMBeanServer(); // not kept by the factory
    private final ObjectName name = name("WebSphere:service=com.ibm.websphere.application.ApplicationMBean,name=wharf");

    @Test
    void workWaitsUntilTheApplicationHasStarted() throws Exception {
        State state = new State();
        server.registerMBean(state, name);
        ApplicationStart start = new ApplicationStart(server, name, TimeUnit.SECONDS.toNanos(30));
        AtomicInteger ran = new AtomicInteger();
        Runnable pass = start.once(ran::incrementAndGet);

        pass.run();
        assertFalse(start.started());
        assertFalse(start.await(150, TimeUnit.MILLISECONDS), "no start yet");
        assertEquals(0, ran.get(), "a pass before the start does nothing");

        state.value = "STARTED";
        assertTrue(start.await(1, TimeUnit.SECONDS));
        pass.run();
        assertEquals(1, ran.get());

        state.value = "STOPPING";
        assertTrue(start.started(), "once started, work goes on while the application stops (it ends the work itself)");
    }

    @Test
    void aWaitingThreadGoesOnWhenTheStartEnds() throws Exception {
        State state = new State();
        server.registerMBean(state, name);
        ApplicationStart start = new ApplicationStart(server, name, TimeUnit.SECONDS.toNanos(30));
        Thread flip = new Thread(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            state.value = "STARTED";
        });
        flip.start();
        long began = System.nanoTime();
        assertTrue(start.await(10, TimeUnit.SECONDS));
        assertTrue(System.nanoTime() - began >= TimeUnit.MILLISECONDS.toNanos(250), "it waited for the start");
        flip.join();
    }

    @Test
    void withoutTheServersApplicationMBeanTheStartIsTakenAsDoneAfterAGrace() throws Exception {
        ApplicationStart start = new ApplicationStart(server, name, TimeUnit.MILLISECONDS.toNanos(200));
        assertFalse(start.started(), "an MBean not registered yet may still come");
        assertTrue(start.await(5, TimeUnit.SECONDS), "another runtime: nothing to wait for");
    }

    private static ObjectName name(String n) {
        try {
            return new ObjectName(n);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
