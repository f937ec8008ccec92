// Mirrors org.springframework.security.core.Authentication from org.springframework.security:spring-security-core 6.3.4
package org.springframework.security.core;

import java.security.Principal;

public interface Authentication extends Principal {
}
