package io.wharf.registry.client;

import io.wharf.common.WharfException;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/** A repository or manifest the registry does not have. */
public class RegistryNotFoundMapper implements ResponseExceptionMapper<WharfException> {
    @Override
    public boolean handles(int status, MultivaluedMap<String, Object> headers) {
        return status == 404;
    }

    @Override
    public WharfException toThrowable(Response response) {
        return WharfException.notFound("the registry has no such repository or manifest");
    }
}
