// Mirrors org.springframework.security.core.userdetails.UsernameNotFoundException from org.springframework.security:spring-security-core 6.3.4
package org.springframework.security.core.userdetails;

import org.springframework.security.core.AuthenticationException;

public class UsernameNotFoundException extends AuthenticationException {
    public UsernameNotFoundException(String msg) {
        super(msg);
        stub();
    }

    /** Throws; its callers return, as far as SpotBugs sees (jenkins-stubs/README.md). */
    private static <T> T stub() {
        throw new UnsupportedOperationException("stub");
    }
}
