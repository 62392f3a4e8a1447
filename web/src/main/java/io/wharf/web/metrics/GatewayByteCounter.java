package io.wharf.web.metrics;

import io.wharf.web.registry.RegistryGatewayResource;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import jakarta.ws.rs.ext.ReaderInterceptor;
import jakarta.ws.rs.ext.ReaderInterceptorContext;
import jakarta.ws.rs.ext.WriterInterceptor;
import jakarta.ws.rs.ext.WriterInterceptorContext;
import java.io.FilterInputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import org.eclipse.microprofile.metrics.Counter;

/** Counts the bytes that cross the gateway (uploads in, pulls out) as they stream, whatever their length headers say. */
@Provider
public class GatewayByteCounter implements ReaderInterceptor, WriterInterceptor {
    @Inject RequestMeters meters;

    @Context ResourceInfo resource;

    private boolean gateway() {
        return resource != null && resource.getResourceClass() == RegistryGatewayResource.class;
    }

    @Override
    public Object aroundReadFrom(ReaderInterceptorContext context) throws IOException {
        if (gateway()) context.setInputStream(new CountingInput(context.getInputStream(), meters.gatewayBytes("in")));
        return context.proceed();
    }

    @Override
    public void aroundWriteTo(WriterInterceptorContext context) throws IOException {
        if (gateway()) context.setOutputStream(new CountingOutput(context.getOutputStream(), meters.gatewayBytes("out")));
        context.proceed();
    }

    private static final class CountingInput extends FilterInputStream {
        private final Counter counter;

        CountingInput(InputStream in, Counter counter) {
            super(in);
            this.counter = counter;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) counter.inc();
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) counter.inc(n);
            return n;
        }
    }

    private static final class CountingOutput extends FilterOutputStream {
        private final Counter counter;

        CountingOutput(OutputStream out, Counter counter) {
            super(out);
            this.counter = counter;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            counter.inc();
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            counter.inc(len);
        }
    }
}
