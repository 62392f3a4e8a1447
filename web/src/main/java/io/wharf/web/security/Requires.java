package io.wharf.web.security;

import io.wharf.project.Permission;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The row of the permission table an endpoint needs. For project-scoped rows the project is the
 * path parameter {@link #project()}; for {@code USER_*} rows the user is the path parameter
 * {@link #user()}. {@link PermissionFeature} binds a {@link PermissionFilter} to every method that
 * carries this (or whose class does), so a new endpoint is protected by one line.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Requires {
    Permission value();

    String project() default "project";

    String user() default "id";

    /** Whether Wharf's own tools (the internal secret) may call it too (the vulnerability database's CLI). */
    boolean orInternalSecret() default false;
}
