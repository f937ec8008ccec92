// Mirrors org.springframework.security.access.AccessDeniedException from org.springframework.security:spring-security-core 6.3.4
package org.springframework.security.access;

public class AccessDeniedException extends RuntimeException {
    public AccessDeniedException(String msg) {
        stub();
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
