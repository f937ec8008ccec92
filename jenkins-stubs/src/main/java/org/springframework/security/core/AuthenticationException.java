// Mirrors org.springframework.security.core.AuthenticationException from org.springframework.security:spring-security-core 6.3.4
package org.springframework.security.core;

public abstract class AuthenticationException extends RuntimeException {
    public AuthenticationException(String msg) {
        stub();
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
