// Mirrors org.springframework.security.access.AccessDeniedException from org.springframework.security:spring-security-core 6.3.4
package org.springframework.security.access;

public class AccessDeniedException extends RuntimeException {
    public AccessDeniedException(String msg) {
        throw new UnsupportedOperationException("stub");
    }
}
