package io.jenkins.plugins.gputraining;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * {@code Messages} has a {@code String} method per key of Messages.properties, named and with parameters as
 * localizer-maven-plugin generates them ({@code TrainOnGpuStep.DisplayName} → {@code TrainOnGpuStep_DisplayName()},
 * one {@code Object} per {@code {n}}): the offline build's hand-written class and the real build's generated one
 * answer the same calls.
 */
class MessagesTest {
    private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)");

    @Test
    void hasAMethodPerKeyAndNoOther() throws Exception {
        Properties properties = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream("Messages.properties")) {
            properties.load(in);
        }
        Map<String, Integer> expected = new TreeMap<>();
        for (String key : properties.stringPropertyNames()) {
            Matcher matcher = ARGUMENT.matcher(properties.getProperty(key));
            int arguments = 0;
            while (matcher.find()) {
                arguments = Math.max(arguments, Integer.parseInt(matcher.group(1)) + 1);
            }
            expected.put(key.replace('.', '_'), arguments);
        }
        Map<String, Integer> actual = new TreeMap<>();
        for (Method method : Messages.class.getMethods()) {
            if (Modifier.isStatic(method.getModifiers()) && method.getReturnType() == String.class
                    && !method.getName().startsWith("_")) {
                assertThat(method.getParameterTypes()).as(method.getName()).allMatch(type -> type == Object.class);
                actual.put(method.getName(), method.getParameterCount());
            }
        }
        assertThat(actual).isEqualTo(expected);
        for (String name : new TreeSet<>(expected.keySet())) {
            Object[] arguments = new Object[expected.get(name)];
            Arrays.fill(arguments, "x");
            assertThat((String) Messages.class.getMethod(name, parameterTypes(arguments.length)).invoke(null,
                    arguments)).as(name).isNotBlank();
        }
    }

    private static Class<?>[] parameterTypes(final int count) {
        Class<?>[] types = new Class<?>[count];
        Arrays.fill(types, Object.class);
        return types;
    }

    @Test
    void theGlueNamesItsPagesAndStepsThroughIt() throws IOException {
        assertThat(Messages.TrainingAction_DisplayName()).isEqualTo("GPU Training");
        assertThat(Messages.TrainOnGpuStep_DisplayName()).isEqualTo("Run GPU training under the training agent");
    }
}
