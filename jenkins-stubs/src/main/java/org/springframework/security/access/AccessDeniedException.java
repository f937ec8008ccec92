// Mirrors org.springframework.security.access.AccessDeniedException from org.springframework.security:spring-security-core 6.3.4
package org.springframework.security.access;

public class AccessDeniedException extends RuntimeException {
    // Does what the real one does: Jenkins' permission checks throw it, and the plugin's unit tests make them throw.
    public AccessDeniedException(String msg) {
        super(msg);
    }
}
