package io.wharf.web.security;

import jakarta.ws.rs.container.DynamicFeature;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.FeatureContext;
import jakarta.ws.rs.ext.Provider;

/** Binds the permission check of its {@link Requires} row to each resource method. */
@Provider
public class PermissionFeature implements DynamicFeature {
    @Override
    public void configure(ResourceInfo resource, FeatureContext context) {
        Requires requires = resource.getResourceMethod().getAnnotation(Requires.class);
        if (requires == null) requires = resource.getResourceClass().getAnnotation(Requires.class);
        if (requires != null) context.register(new PermissionFilter(requires), FilterOrder.PERMISSION);
    }
}
